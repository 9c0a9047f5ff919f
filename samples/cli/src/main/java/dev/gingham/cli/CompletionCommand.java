package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gingham completion}: a shell completion script for bash or zsh. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a completion script for bash or zsh: commands, options and their values complete",
      "with TAB. zsh runs the bash script through bashcompinit, which the script loads itself."
    },
    footer = {
      "",
      "Examples:",
      "  source <(gingham completion bash)         # in this bash",
      "  gingham completion bash > /etc/bash_completion.d/gingham",
      "  source <(gingham completion zsh)          # in this zsh, or from ~/.zshrc",
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new CliException(ExitCodes.USAGE, "the shells are bash and zsh, not '" + shell + "'");
    }
    String script = AutoComplete.bash("gingham", spec.root().commandLine());
    if (shell.equals("zsh")) {
      // picocli's script switches zsh to bash-style completion itself (bashcompinit).
      script = "# gingham completion for zsh, through bashcompinit\n" + script;
    }
    spec.commandLine().getOut().print(script);
    return ExitCodes.OK;
  }
}
