package dev.gingham.cli;

import dev.gingham.cni.delegate.DelegateServer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gingham cni serve}: the CNI delegate server, to which the installed launchers forward
 * their invocations when its socket exists, so that no JVM starts per call.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the gingham and gingham-ipam plugins on a Unix socket (mode 0600) until stopped.",
      "The launchers that `gingham cni install` writes forward each call to it when the socket",
      "exists and perl is installed, and run the plugin themselves otherwise. The datastore and",
      "the dataplane are opened once; the host's IPAM lock is still taken per call."
    },
    footer = {
      "",
      "Examples:",
      "  gingham cni serve",
      "  gingham cni serve --socket /run/gingham/cni.sock --datastore etcd://10.0.0.1:2379"
    })
final class CniServeCommand implements Callable<Integer> {
  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description = "Where to listen (default: ${DEFAULT-VALUE}).")
  Path socket = DelegateServer.DEFAULT_SOCKET;

  @Option(
      names = "--datastore",
      paramLabel = "URI",
      description = {
        "The store for networks whose configuration names none (default: the plugins' own,",
        "sqlite:/var/lib/gingham/state.db unless GINGHAM_DATASTORE says otherwise)."
      })
  String datastore;

  @Override
  public Integer call() throws InterruptedException {
    try {
      DelegateServer.serve(socket, datastore);
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.VALIDATION, e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new CliException(ExitCodes.VALIDATION, e.getMessage(), e);
    }
    return ExitCodes.OK;
  }
}
