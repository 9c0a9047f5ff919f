package dev.gingham.core;

import dev.gingham.internal.workload.PodWiringEngine;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.MacAddress;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.VethSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Wires pods to their node as Calico does, over any {@link Dataplane} (the kernel's, or the
 * simulated one):
 *
 * <ul>
 *   <li>a veth made with its pod end directly in the pod's namespace, the host end with MAC {@code
 *       ee:ee:ee:ee:ee:ee}, proxy ARP without delay, and forwarding;
 *   <li>in the pod, each address as a /32 or /128, {@code 169.254.1.1} as the link-scoped gateway
 *       with the default route through it, and for IPv6 the default route through the host end's
 *       link-local address;
 *   <li>in the node, a route per address over the host end, marked {@link Route#PROTOCOL_GINGHAM}.
 * </ul>
 *
 * <pre>{@code
 * try (Dataplane dp = Dataplanes.open();
 *     NetworkNamespace pod = dp.namespaces().open(Path.of(cniNetns))) {
 *   PodInterface spec = PodInterface.of(PodNetworks.hostEndName("gg", containerId), "eth0", ips);
 *   WiredPod wired = PodNetworks.wire(dp, dp.namespaces().host(), pod, spec);
 * }
 * }</pre>
 *
 * <p>Thread-safe: the methods keep no state.
 */
public final class PodNetworks {
  /** The pods' IPv4 gateway, answered by proxy ARP on each host end. */
  public static final IpAddress GATEWAY_V4 = PodWiringEngine.GATEWAY_V4;

  /** The pods' IPv6 gateway: the host end's link-local address. */
  public static final IpAddress GATEWAY_V6 = PodWiringEngine.GATEWAY_V6;

  /** Calico's host-end hardware address. */
  public static final MacAddress HOST_MAC = PodWiringEngine.HOST_MAC;

  private static final int HASH_CHARS = 11;

  private PodNetworks() {}

  /**
   * The host end's name for a workload: the prefix, then the first 11 hexadecimal characters of the
   * SHA-1 of the workload's key, as Calico names its {@code cali} devices.
   *
   * @throws IllegalArgumentException if the name would be longer than 15 characters
   */
  public static String hostEndName(String prefix, String workloadKey) {
    if (prefix.length() + HASH_CHARS > dev.gingham.net.InterfaceName.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "host end prefix '" + prefix + "' is longer than 4 characters");
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-1").digest(workloadKey.getBytes(StandardCharsets.UTF_8));
      return prefix + HexFormat.of().formatHex(hash).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  /**
   * Wires a pod. Each step is undone, in reverse, when a later one fails, so that a failure leaves
   * nothing behind; the exception of the failed step is thrown, with those of failed undos
   * suppressed in it.
   *
   * @return the pod end's hardware address with the spec
   * @throws dev.gingham.spi.dataplane.ObjectExistsException if either end's name is taken
   * @throws dev.gingham.spi.dataplane.DataplaneException if any other step fails
   */
  public static WiredPod wire(
      Dataplane dp, NetworkNamespace node, NetworkNamespace pod, PodInterface spec) {
    return PodWiringEngine.wire(dp, node, pod, spec);
  }

  /**
   * Removes a pod's wiring, best effort and idempotently: the node's routes to it and the veth. The
   * pod's namespace is not needed (it may be gone already).
   *
   * @return whether the host end existed
   */
  public static boolean unwire(Dataplane dp, NetworkNamespace node, PodInterface spec) {
    return PodWiringEngine.unwire(dp, node, spec);
  }

  /**
   * Checks a pod's wiring against its spec.
   *
   * @return what is wrong, one sentence each; empty when nothing is
   */
  public static List<String> check(
      Dataplane dp, NetworkNamespace node, NetworkNamespace pod, PodInterface spec) {
    return PodWiringEngine.check(dp, node, pod, spec);
  }

  /**
   * Prepares a node namespace that has no default route, as tests and harnesses make them:
   * forwarding on, and a route to 169.254.1.1 out of an uplink (a veth whose both ends stay in the
   * node), as a real host routes it out of its own uplink. Proxy ARP answers only for addresses
   * routed out of another device than the one asked on. A real host needs none of this.
   */
  public static void prepareNode(Dataplane dp, NetworkNamespace node) {
    dp.sysctls().set(node, Sysctl.forwarding(IpFamily.IPV4), "1");
    dp.links().createVeth(node, new VethSpec("uplink0", null, "uplink1", node, null, 0));
    dp.links().setUp(node, "uplink0", true);
    dp.links().setUp(node, "uplink1", true);
    dp.routes().add(node, Route.builder(GATEWAY_V4.toPrefix()).device("uplink0").build());
  }
}
