package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion scripts, run by the real shells: bash completes commands and options from the
 * script; zsh loads the same script through bashcompinit and completes the same way.
 */
class CompletionTest {
  @TempDir Path dir;

  String script(String shell) {
    try (Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      Cli.Result r = cli.run("completion", shell);
      assertThat(r.code()).as(r.toString()).isZero();
      return r.out();
    }
  }

  /** Runs a shell script, bounded in time, and returns its standard output. */
  static String shell(String program, Path script) throws Exception {
    Path bin = Path.of("/usr/bin", program);
    if (!Files.isExecutable(bin) && !"true".equals(System.getenv("CI"))) {
      throw new org.opentest4j.TestAbortedException(program + " is not installed");
    }
    Process p =
        new ProcessBuilder(bin.toString(), script.toString()).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(program + " did not finish in 30 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void bashCompletesCommandsSubcommandsAndOptions() throws Exception {
    Path completion = Files.writeString(dir.resolve("gingham.bash"), script("bash"));
    Path test =
        Files.writeString(
            dir.resolve("test.bash"),
            "source "
                + completion
                + "\n"
                // compopt works only inside a completion bash itself started; here it is a no-op.
                + "compopt() { :; }\n"
                + "complete_words() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
                + " COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _complete_gingham;"
                + " echo \"${COMPREPLY[*]}\"; }\n"
                + "complete_words gingham ip\n"
                + "complete_words gingham ipam s\n"
                + "complete_words gingham datastore ''\n"
                + "complete_words gingham get --data\n");
    String out = shell("bash", test);
    assertThat(out.lines().toList())
        .containsExactly("ipam", "show", "export import", "--datastore");
  }

  @Test
  void zshCompletesThroughBashcompinit() throws Exception {
    Path completion = Files.writeString(dir.resolve("gingham.zsh"), script("zsh"));
    assertThat(Files.readString(completion)).startsWith("# gingham completion for zsh");
    Path test =
        Files.writeString(
            dir.resolve("test.zsh"),
            "autoload -U +X compinit && compinit -u\n"
                + "source "
                + completion
                + "\n"
                // As bashcompinit's _bash_complete calls a bash function: in sh emulation (0-based
                // arrays), with its options. zsh's compadd then keeps the candidates that match
                // what was typed, so the candidates of an empty word are what is checked here.
                + "t() { emulate -L sh; setopt kshglob noshglob braceexpand;"
                + " COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
                + " COMPREPLY=(); _complete_gingham; print -r -- \"${COMPREPLY[*]}\"; }\n"
                + "t gingham node ''\n"
                + "t gingham ipam ''\n"
                + "complete -p gingham >/dev/null && print registered\n");
    String out = shell("zsh", test);
    assertThat(out.lines().toList())
        .containsExactly("list status", "show check release configure", "registered");
  }

  @Test
  void anotherShellIsAUsageError() {
    try (Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      Cli.Result r = cli.run("completion", "fish");
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).isEqualTo("gingham: the shells are bash and zsh, not 'fish'\n");
    }
  }
}
