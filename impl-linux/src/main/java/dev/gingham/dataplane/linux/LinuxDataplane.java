package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.NetlinkException;
import dev.gingham.dataplane.linux.netns.NamedNamespaces;
import dev.gingham.dataplane.linux.netns.NamespaceWorker;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.dataplane.linux.nft.NftPacketFilter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Linux dataplane: links, addresses, routes and neighbours over rtnetlink (jffi sockets, no
 * {@code ip} command), parameters through {@code /proc/sys/net}, and the packet filter through
 * nftables ({@link NftPacketFilter}).
 *
 * <p>A namespace is a {@link NetnsHandle}: a descriptor held open, with an rtnetlink socket that a
 * dedicated worker thread opened inside it. No caller's thread ever changes namespace, and the
 * worker always returns to the namespace the dataplane was opened in, the host's. Handles this
 * dataplane handed out are closed with it.
 *
 * <p>Thread-safe: requests on one namespace are serialised on its socket; different namespaces
 * proceed in parallel.
 */
public final class LinuxDataplane implements Dataplane {
  private final NamespaceWorker worker;
  private final NetnsHandle host;
  private final Set<NetnsHandle> handles = ConcurrentHashMap.newKeySet();
  private final List<LinuxSubscription> subscriptions = new ArrayList<>();
  private final Namespaces namespaces = new LinuxNamespaces(this);
  private final Links links = new LinuxLinks(this);
  private final Addresses addresses = new LinuxAddresses(this);
  private final Routes routes = new LinuxRoutes(this);
  private final Neighbours neighbours = new LinuxNeighbours(this);
  private final Sysctls sysctls = new LinuxSysctls(this);
  private final NftPacketFilter packetFilter;
  private volatile boolean closed;

  private LinuxDataplane() {
    this.worker = new NamespaceWorker("gingham-netns");
    try {
      this.host = NamedNamespaces.host(worker);
    } catch (NetlinkException e) {
      worker.close();
      throw KernelErrors.of("netns host", e);
    }
    this.packetFilter = new NftPacketFilter(worker);
  }

  /**
   * Opens the dataplane in the calling thread's network namespace, which becomes its host.
   *
   * @throws dev.gingham.spi.dataplane.DataplaneException if the host namespace cannot be opened
   */
  public static LinuxDataplane open() {
    return new LinuxDataplane();
  }

  @Override
  public String name() {
    return "linux";
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

  NamespaceWorker worker() {
    requireOpen();
    return worker;
  }

  NetnsHandle host() {
    requireOpen();
    return host;
  }

  NetnsHandle track(NetnsHandle h) {
    handles.add(h);
    if (closed) {
      h.close();
      requireOpen();
    }
    return h;
  }

  /**
   * The handle behind a namespace.
   *
   * @throws IllegalArgumentException if it is not a Linux namespace handle
   */
  NetnsHandle handle(NetworkNamespace ns) {
    Objects.requireNonNull(ns, "namespace");
    requireOpen();
    if (!(ns instanceof NetnsHandle)) {
      throw new IllegalArgumentException(
          "namespace " + ns.name() + " is not a handle of the Linux dataplane");
    }
    return (NetnsHandle) ns;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the Linux dataplane is closed");
    }
  }

  @Override
  public Subscription subscribe(
      NetworkNamespace namespace, Set<DataplaneEvent.Topic> topics, DataplaneListener listener) {
    Objects.requireNonNull(listener, "listener");
    NetnsHandle h = handle(namespace);
    LinuxSubscription[] self = new LinuxSubscription[1];
    LinuxSubscription s;
    try {
      s = new LinuxSubscription(h, topics, listener, () -> forget(self[0]));
    } catch (NetlinkException e) {
      throw KernelErrors.of("subscription to " + h.name(), e);
    }
    self[0] = s;
    synchronized (subscriptions) {
      requireOpen();
      subscriptions.add(s);
    }
    s.start();
    return s;
  }

  private void forget(LinuxSubscription s) {
    synchronized (subscriptions) {
      subscriptions.remove(s);
    }
  }

  /** Closes subscriptions, the packet filter's sockets, handles and the worker. Idempotent. */
  @Override
  public void close() {
    List<LinuxSubscription> open;
    synchronized (subscriptions) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(subscriptions);
    }
    open.forEach(LinuxSubscription::close);
    packetFilter.close();
    for (NetnsHandle h : handles) {
      h.close();
    }
    host.release();
    worker.close();
  }

  @Override
  public String toString() {
    return "Linux dataplane";
  }
}
