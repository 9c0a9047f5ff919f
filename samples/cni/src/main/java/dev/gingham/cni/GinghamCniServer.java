package dev.gingham.cni;

import dev.gingham.cni.delegate.DelegateServer;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The CNI delegate server on its own: {@code GinghamCniServer [--socket PATH] [--datastore URI]},
 * what {@code gingham cni serve} runs, for hosts and tests without the CLI. Exits 2 on bad
 * arguments.
 */
public final class GinghamCniServer {
  private GinghamCniServer() {}

  public static void main(String[] args) throws InterruptedException {
    Path socket = DelegateServer.DEFAULT_SOCKET;
    @Nullable String datastore = null;
    for (int i = 0; i < args.length; i++) {
      if (i + 1 < args.length && args[i].equals("--socket")) {
        socket = Path.of(args[++i]);
      } else if (i + 1 < args.length && args[i].equals("--datastore")) {
        datastore = args[++i];
      } else {
        System.err.println(
            "usage: GinghamCniServer [--socket PATH] [--datastore URI]; bad argument: " + args[i]);
        System.exit(2);
      }
    }
    DelegateServer.serve(socket, datastore);
  }
}
