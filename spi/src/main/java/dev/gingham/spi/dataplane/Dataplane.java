package dev.gingham.spi.dataplane;

import dev.gingham.spi.dataplane.filter.PacketFilter;
import java.util.Set;

/**
 * A node's kernel networking, as Gingham drives it: namespaces, links, addresses, routes,
 * neighbours, sysctls and the packet filter, each behind a narrow interface.
 *
 * <p>Every operation takes the {@link NetworkNamespace} it acts in. Operations are synchronous:
 * when one returns, the kernel (or the simulation) holds the change. Failures throw a {@link
 * DataplaneException} that names the object and the kernel's error ({@code "route 10.1.0.0/26 via
 * 10.0.0.2: EEXIST"}); a failed operation changes nothing.
 *
 * <p>Two implementations keep one contract, checked by one test kit: the Linux dataplane
 * (rtnetlink, nftables) and the simulated dataplane in core, which models all of it in memory so
 * that a thousand-node cluster runs in one JVM. Implementations are thread-safe.
 */
public interface Dataplane extends AutoCloseable {

  /** The implementation's name, such as {@code "linux"} or {@code "simulated"}. */
  String name();

  /** Network namespaces: the host's, opened by path, created and deleted by name. */
  Namespaces namespaces();

  /** Network devices. */
  Links links();

  /** Interface addresses. */
  Addresses addresses();

  /** Routes. */
  Routes routes();

  /** Neighbour (ARP/NDP) entries and VXLAN forwarding entries. */
  Neighbours neighbours();

  /** Kernel parameters per namespace and per interface. */
  Sysctls sysctls();

  /** The packet filter. */
  PacketFilter packetFilter();

  /**
   * Reports changes made to a namespace by anyone, so that a reconciler learns of drift as it
   * happens rather than at its next resync.
   *
   * <p>Events arrive on a thread owned by the dataplane, in the order the kernel reported them. A
   * subscriber that falls behind, or a kernel that drops notifications, yields a {@link
   * DataplaneEvent.Overflow}: the subscriber must list again.
   *
   * @param namespace where to watch
   * @param topics what to watch
   * @param listener receives the events
   * @return the subscription; close it to stop
   */
  Subscription subscribe(
      NetworkNamespace namespace, Set<DataplaneEvent.Topic> topics, DataplaneListener listener);

  /** Releases sockets, threads and namespace handles. Idempotent. */
  @Override
  void close();
}
