package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.Namespaces;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.nio.file.Path;
import java.util.List;

/**
 * Namespaces of the simulation. Named ones live at {@code /run/netns/NAME}, as {@code ip netns}
 * puts them; the host's is reached by {@link #host()} or by {@code /proc/1/ns/net}, {@code
 * /proc/self/ns/net} and {@code /proc/thread-self/ns/net}.
 */
final class SimNamespaces implements Namespaces {
  private static final Path RUN_NETNS = Path.of("/run/netns");
  private final SimulatedDataplane dp;

  SimNamespaces(SimulatedDataplane dp) {
    this.dp = dp;
  }

  @Override
  public NetworkNamespace host() {
    return dp.locked(dp::hostHandle);
  }

  @Override
  public NetworkNamespace open(Path path) {
    return dp.locked(
        () -> {
          Path p = path.normalize();
          if (p.equals(dp.host().path)
              || p.equals(Path.of("/proc/self/ns/net"))
              || p.equals(Path.of("/proc/thread-self/ns/net"))) {
            return dp.hostHandle();
          }
          if (p.getParent() != null && p.getParent().equals(RUN_NETNS)) {
            SimNamespace ns = dp.named.get(p.getFileName().toString());
            if (ns != null) {
              return handle(ns);
            }
          }
          throw Errors.noEntry("netns " + path, "no namespace at " + path);
        });
  }

  private SimHandle handle(SimNamespace ns) {
    ns.openHandles++;
    return new SimHandle(dp, ns);
  }

  @Override
  public NetworkNamespace create(String name) {
    Namespaces.requireValidName(name);
    return dp.locked(
        () -> {
          if (dp.named.containsKey(name)) {
            throw Errors.exists("netns " + name, "a namespace of that name exists");
          }
          SimNamespace ns = new SimNamespace(name, RUN_NETNS.resolve(name), false);
          dp.named.put(name, ns);
          return handle(ns);
        });
  }

  @Override
  public boolean delete(String name) {
    return dp.locked(
        () -> {
          SimNamespace ns = dp.named.remove(name);
          if (ns == null) {
            return false;
          }
          ns.deleted = true;
          dp.destroyIfUnused(ns);
          return true;
        });
  }

  @Override
  public List<String> list() {
    return dp.locked(() -> List.copyOf(dp.named.keySet()));
  }
}
