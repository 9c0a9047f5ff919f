package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void versionPrintsTheBuildsVersionAndTheStoresFound() {
    assertThat(run("version")).isEqualTo(ExitCodes.OK);

    assertThat(out.toString())
        .contains("gingham 0.1.0-SNAPSHOT")
        .contains("SQLite (sqlite:)")
        .contains("in-memory (memory:)");
  }

  @Test
  void versionOpensTheStoreItIsGiven(@TempDir Path dir) {
    assertThat(run("version", "--datastore", "sqlite:" + dir.resolve("state.db"))).isZero();

    assertThat(out.toString()).contains("revision 1");
  }

  @Test
  void aBadDatastoreUriIsAUsageErrorThatSaysWhy() {
    assertThat(run("version", "--datastore", "bogus://x")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).contains("'bogus'").contains("sqlite");
  }

  @Test
  void helpListsTheCommandsWithExamples() {
    assertThat(run("--help")).isZero();

    assertThat(out.toString()).contains("version").contains("demo").contains("Examples:");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).contains("frobnicate");
  }

  @Test
  void theDemoSaysItIsNotAvailableYetAndFails() {
    assertThat(run("demo")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).contains("not available yet");
  }
}
