package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.Addresses;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneEvent;
import dev.gingham.spi.dataplane.DataplaneListener;
import dev.gingham.spi.dataplane.Links;
import dev.gingham.spi.dataplane.Namespaces;
import dev.gingham.spi.dataplane.Neighbours;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.Routes;
import dev.gingham.spi.dataplane.Subscription;
import dev.gingham.spi.dataplane.Sysctls;
import dev.gingham.spi.dataplane.filter.PacketFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The simulated dataplane: namespaces, devices, addresses, routes, neighbours, forwarding entries,
 * parameters and nftables tables in memory, with the kernel's rules as the test kit checks them
 * against the Linux dataplane. One lock guards the whole simulated machine, since a veth joins two
 * namespaces; every operation is atomic. Events go to each subscriber on a thread of its own.
 */
public final class SimulatedDataplane implements Dataplane {
  /** Events a subscriber may have waiting before it gets an Overflow instead. */
  static final int SUBSCRIPTION_QUEUE = 10_000;

  final ReentrantLock lock = new ReentrantLock();
  final Random random = new Random();
  private final SimNamespace host = new SimNamespace("host", Path.of("/proc/1/ns/net"), true);
  private final SimHandle hostHandle = new SimHandle(this, host);
  final Map<String, SimNamespace> named = new TreeMap<>();
  private final List<SimSubscription> subscriptions = new ArrayList<>();
  private volatile boolean closed;

  private final Namespaces namespaces = new SimNamespaces(this);
  private final Links links = new SimLinks(this);
  private final Addresses addresses = new SimAddresses(this);
  private final Routes routes = new SimRoutes(this);
  private final Neighbours neighbours = new SimNeighbours(this);
  private final Sysctls sysctls = new SimSysctls(this);
  private final PacketFilter packetFilter = new SimPacketFilter(this);

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public Namespaces namespaces() {
    return namespaces;
  }

  @Override
  public Links links() {
    return links;
  }

  @Override
  public Addresses addresses() {
    return addresses;
  }

  @Override
  public Routes routes() {
    return routes;
  }

  @Override
  public Neighbours neighbours() {
    return neighbours;
  }

  @Override
  public Sysctls sysctls() {
    return sysctls;
  }

  @Override
  public PacketFilter packetFilter() {
    return packetFilter;
  }

  SimHandle hostHandle() {
    return hostHandle;
  }

  SimNamespace host() {
    return host;
  }

  /** Runs an operation on a namespace under the lock. */
  <T> T in(NetworkNamespace handle, java.util.function.Function<SimNamespace, T> operation) {
    return locked(() -> operation.apply(resolve(handle)));
  }

  /** Runs an operation under the lock, once the dataplane is known to be open. */
  <T> T locked(Supplier<T> operation) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the simulated dataplane is closed");
      }
      return operation.get();
    } finally {
      lock.unlock();
    }
  }

  /** The namespace a handle stands for. Under the lock. */
  SimNamespace resolve(NetworkNamespace handle) {
    Objects.requireNonNull(handle, "namespace");
    if (!(handle instanceof SimHandle) || ((SimHandle) handle).owner != this) {
      throw new IllegalArgumentException(
          "namespace " + handle.name() + " is not a handle of this simulated dataplane");
    }
    return ((SimHandle) handle).use();
  }

  /** A handle was closed: a deleted namespace goes once no handle holds it. Under the lock. */
  void released(SimNamespace ns) {
    ns.openHandles--;
    destroyIfUnused(ns);
  }

  void destroyIfUnused(SimNamespace ns) {
    if (!ns.deleted || ns.openHandles > 0) {
      return;
    }
    // Its devices go; a veth's other end, wherever it is, goes with its peer.
    for (SimLink l : new ArrayList<>(ns.links.values())) {
      SimLink peer = l.peer;
      if (peer != null && peer.namespace != ns && peer.namespace.links.get(peer.name) == peer) {
        peer.namespace.removeLink(peer);
      }
    }
    for (SimSubscription s : new ArrayList<>(ns.subscriptions)) {
      s.close();
    }
  }

  @Override
  public Subscription subscribe(
      NetworkNamespace namespace, Set<DataplaneEvent.Topic> topics, DataplaneListener listener) {
    Objects.requireNonNull(listener, "listener");
    SimSubscription s =
        in(
            namespace,
            ns -> {
              SimSubscription sub = new SimSubscription(ns, topics, listener, SUBSCRIPTION_QUEUE);
              ns.subscriptions.add(sub);
              subscriptions.add(sub);
              return sub;
            });
    s.start();
    return s;
  }

  @Override
  public void close() {
    List<SimSubscription> open;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(subscriptions);
      subscriptions.clear();
    } finally {
      lock.unlock();
    }
    open.forEach(SimSubscription::close);
  }

  @Override
  public String toString() {
    return "simulated dataplane";
  }
}
