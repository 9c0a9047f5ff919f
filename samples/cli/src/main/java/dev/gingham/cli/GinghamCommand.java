package dev.gingham.cli;

import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code gingham} command: prints its help when run without a subcommand. */
@Command(
    name = "gingham",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = {
      "Layer-3 container networking: IPAM, BGP, routes and policy, as Calico does it, from Java.",
      ""
    },
    subcommands = {
      ApplyCommand.class,
      CreateCommand.class,
      ReplaceCommand.class,
      DeleteCommand.class,
      GetCommand.class,
      PatchCommand.class,
      LabelCommand.class,
      IpamCommand.class,
      NodeCommand.class,
      PolicyCommand.class,
      BgpCommand.class,
      DatastoreCommand.class,
      CniCommand.class,
      VersionCommand.class,
      CompletionCommand.class,
      DemoCommand.class
    },
    footer = {
      "",
      "The datastore is --datastore URI, else GINGHAM_DATASTORE, else the embedded SQLite store",
      "at /var/lib/gingham/state.db. Resource files are YAML or JSON, Gingham's (gingham.dev/v1)",
      "or Calico's (projectcalico.org/v3) as they are, and Kubernetes NetworkPolicy.",
      "",
      "Exit codes: 0 success; 1 usage error, or a request the store refused (not found, exists,",
      "changed meanwhile, in use); 2 invalid resources or files (nothing was written);",
      "3 datastore or agent unreachable.",
      "",
      "Examples:",
      "  gingham apply -f pools.yaml",
      "  gingham get ippools -o wide",
      "  gingham ipam show --show-blocks",
      "  gingham node status",
      "  gingham policy explain --from prod/web-1 --to prod/db-1 --port 5432",
      "  gingham datastore export > backup.yaml",
      "  source <(gingham completion bash)",
    })
final class GinghamCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Opens the datastore for every subcommand. */
  final StoreOpener opener;

  /** Standard input, for {@code -f -} and {@code datastore import}. */
  final InputStream stdin;

  GinghamCommand(StoreOpener opener, InputStream stdin) {
    this.opener = opener;
    this.stdin = stdin;
  }

  /** The root command of any command's spec. */
  static GinghamCommand root(CommandSpec spec) {
    return (GinghamCommand) spec.root().userObject();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
