package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.spi.datastore.Datastores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

@ExtendWith(EtcdForCli.class)
class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
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
        .contains("in-memory (memory:)")
        .containsPattern("etcd \\((etcd:, etcds:|etcds:, etcd:)\\)");
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
  void everyCommandHasHelpWithExamples() {
    List<String> missing = new ArrayList<>();
    walk(Main.commandLine(), missing);
    assertThat(missing).isEmpty();
  }

  private static void walk(CommandLine cli, List<String> missing) {
    String help = cli.getUsageMessage();
    if (!help.contains("Examples:") && !cli.getCommandName().equals("demo")) {
      missing.add(cli.getCommandSpec().qualifiedName());
    }
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (!sub.getCommandName().equals("help")) {
        walk(sub, missing);
      }
    }
  }

  @Test
  void anUnreachableDatastoreExitsWithThree() {
    // No file can be made in /proc, whoever runs the test: the store cannot be opened.
    assertThat(run("get", "pools", "--datastore", "sqlite:/proc/1/gingham-test.db"))
        .isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString()).startsWith("gingham: datastore unreachable: ");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void versionNamesTheSoftwareServingTheStore(Cli.Store store, @TempDir Path dir) {
    try (Cli cli = new Cli(store, dir)) {
      Cli.Result r = cli.on("version");
      assertThat(r.code()).as(r.toString()).isZero();
      String expected =
          switch (store) {
            case MEMORY -> "datastore memory:/: no server \\(in process\\), revision 1, ";
            case SQLITE ->
                "datastore sqlite:.*state.db: SQLite 3\\.\\d+\\.\\d+, schema 1, revision 1, ";
            case ETCD ->
                "datastore etcd://127.0.0.1:\\d+\\?prefix=/cli-test-\\d+: etcd 3\\.\\d+\\.\\d+, revision \\d+, ";
          };
      assertThat(r.out())
          .containsPattern(expected + "layout gingham/resources/v1, gingham/ipam/v1\n");
    }
  }

  @Test
  void anEtcdNobodyAnswersExitsWithThree() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String uri = "etcd://127.0.0.1:" + closedPort + "?dialTimeout=1s&requestTimeout=2s";
    assertThat(run("get", "tiers", "--datastore", uri)).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString())
        .startsWith("gingham: datastore unreachable: etcd at 127.0.0.1:" + closedPort);
  }

  @Test
  void theDatastorePropertyNamesTheStoreWhenNoOptionDoes(@TempDir Path dir) {
    String uri = "sqlite:" + dir.resolve("named.db");
    System.setProperty("gingham.datastore", uri);
    try {
      assertThat(run("ipam", "configure", "--max-blocks-per-host", "3")).isZero();
    } finally {
      System.clearProperty("gingham.datastore");
    }
    assertThat(run("get", "ipamconfigurations", "--datastore", uri)).isZero();
    assertThat(out.toString()).contains("default   false            3");
  }

  @Test
  void theEnvironmentNamesTheStoreWhenNoOptionDoes(@TempDir Path dir) throws Exception {
    // An environment variable is a process's: gingham runs as a process of its own here.
    String uri = "sqlite:" + dir.resolve("env.db");
    ProcessBuilder pb =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "ipam",
                "configure",
                "--max-blocks-per-host",
                "5")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().put(Datastores.URI_ENVIRONMENT, uri);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("gingham ended within a minute").isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
    assertThat(run("get", "ipamconfigurations", "--datastore", uri)).isZero();
    assertThat(out.toString()).contains("default   false            5");
  }

  @Test
  void versionReportsTheAgentAndTheDatastoreLayout(@TempDir Path dir) {
    assertThat(run("version", "--agent-socket", dir.resolve("none.sock").toString())).isZero();
    assertThat(out.toString())
        .contains("agent: not running (no control socket at " + dir.resolve("none.sock") + ")")
        .contains("datastore: none named");
    assertThat(run("version", "--datastore", "sqlite:" + dir.resolve("v.db"))).isZero();
    assertThat(out.toString()).contains("layout gingham/resources/v1, gingham/ipam/v1");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).contains("frobnicate");
  }

  @Test
  void theSimulatedDemoRunsTheWholeScenarioAndSaysItIsSimulated() {
    assertThat(run("demo", "--simulated")).as(err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(out.toString())
        .contains("SIMULATED dataplane (--simulated)")
        .contains("24 of 24 cross-node pairs have a path")
        .contains("the policy denies web -> db")
        .contains("DENY")
        .contains("Cleanup");
  }
}
