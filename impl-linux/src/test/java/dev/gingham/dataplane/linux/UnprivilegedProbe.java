package dev.gingham.dataplane.linux;

import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.VethSpec;
import java.nio.file.Path;

/**
 * Run by {@link ErrorPathsTest} in a child JVM inside a user namespace ({@code unshare --user
 * --map-root-user}): root there, without CAP_NET_ADMIN over the host's network namespace. Tries
 * what needs it and prints one line per attempt: its name, the exception's class and the errno.
 */
public final class UnprivilegedProbe {
  private UnprivilegedProbe() {}

  public static void main(String[] args) {
    String prefix = args[0];
    Path foreign = Path.of(args[1]);
    try (LinuxDataplane dp = LinuxDataplane.open()) {
      NetworkNamespace host = dp.namespaces().host();
      attempt(
          "veth",
          () ->
              dp.links()
                  .createVeth(host, new VethSpec(prefix + "a", null, prefix + "b", host, null, 0)));
      attempt("netns", () -> dp.namespaces().create(prefix + "ns"));
      // No sysctl attempt: the kernel lets the owner of the user namespace, mapped to the real
      // root, write the host's /proc/sys/net, so such an attempt would change the host.
      attempt(
          "enter",
          () -> {
            try (NetworkNamespace ns = dp.namespaces().open(foreign)) {
              dp.links().list(ns);
            }
          });
    }
  }

  private static void attempt(String what, Runnable r) {
    try {
      r.run();
      System.out.println(what + " succeeded");
    } catch (DataplaneException e) {
      System.out.println(what + " " + e.getClass().getSimpleName() + " " + e.errno());
      System.out.println("# " + e.getMessage());
    } catch (RuntimeException e) {
      System.out.println(what + " " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }
}
