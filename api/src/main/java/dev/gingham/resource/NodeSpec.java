package dev.gingham.resource;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.MacAddress;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A node of the cluster (Calico's {@code Node}): the addresses and AS it speaks BGP with, its
 * tunnel addresses, and what the orchestrator calls it. Immutable.
 *
 * @param bgp the node's BGP settings, or null for a node that does not speak BGP
 * @param ipv4VxlanTunnelAddr the address of its IPv4 VXLAN device, or null
 * @param vxlanTunnelMacAddr the MAC of its IPv4 VXLAN device, or null
 * @param addresses the node's addresses, as the orchestrator reports them
 * @param orchRefs what orchestrators call the node
 */
public record NodeSpec(
    @Nullable Bgp bgp,
    @Nullable IpAddress ipv4VxlanTunnelAddr,
    @Nullable MacAddress vxlanTunnelMacAddr,
    List<Address> addresses,
    List<OrchRef> orchRefs) {

  public NodeSpec {
    addresses = List.copyOf(addresses);
    orchRefs = List.copyOf(orchRefs);
    requireFamily("spec.ipv4VXLANTunnelAddr", ipv4VxlanTunnelAddr, IpFamily.IPV4);
  }

  /** A node with BGP settings and nothing else. */
  public static NodeSpec of(Bgp bgp) {
    return new NodeSpec(bgp, null, null, List.of(), List.of());
  }

  /**
   * A node's BGP settings.
   *
   * @param ipv4Address its IPv4 address and subnet length, or null
   * @param ipv6Address its IPv6 address and subnet length, or null
   * @param asNumber its AS, or null for the cluster's
   * @param routeReflectorClusterId the cluster id when the node is a route reflector, or null
   * @param ipv4IpipTunnelAddr the address of its IPIP device, or null
   */
  public record Bgp(
      @Nullable HostAddress ipv4Address,
      @Nullable HostAddress ipv6Address,
      @Nullable Long asNumber,
      @Nullable Ipv4Address routeReflectorClusterId,
      @Nullable IpAddress ipv4IpipTunnelAddr) {
    public Bgp {
      if (ipv4Address == null && ipv6Address == null) {
        throw new InvalidResourceException(
            "spec.bgp", "a node that speaks BGP needs ipv4Address or ipv6Address");
      }
      if (ipv4Address != null) {
        requireFamily("spec.bgp.ipv4Address", ipv4Address.address(), IpFamily.IPV4);
      }
      if (ipv6Address != null) {
        requireFamily("spec.bgp.ipv6Address", ipv6Address.address(), IpFamily.IPV6);
      }
      if (asNumber != null) {
        BgpPeerSpec.requireAs("spec.bgp.asNumber", asNumber);
      }
      requireFamily("spec.bgp.ipv4IPIPTunnelAddr", ipv4IpipTunnelAddr, IpFamily.IPV4);
    }
  }

  /** What an orchestrator reports an address as. */
  public enum AddressType {
    INTERNAL_IP("InternalIP"),
    EXTERNAL_IP("ExternalIP"),
    CALICO_NODE_IP("CalicoNodeIP");

    private final String text;

    AddressType(String text) {
      this.text = text;
    }

    /** Calico's spelling. */
    public String text() {
      return text;
    }

    /**
     * The type Calico spells this way.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static AddressType parse(String text) {
      for (AddressType t : values()) {
        if (t.text.equals(text)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "address type must be InternalIP, ExternalIP or CalicoNodeIP, was '" + text + "'");
    }
  }

  /**
   * One of the node's addresses.
   *
   * @param address the address, with its subnet length when known
   * @param type what it is, or null
   */
  public record Address(HostAddress address, @Nullable AddressType type) {
    public Address {
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * What an orchestrator calls the node.
   *
   * @param nodeName the orchestrator's name for it
   * @param orchestrator the orchestrator, such as {@code k8s}
   */
  public record OrchRef(String nodeName, String orchestrator) {
    public OrchRef {
      if (nodeName == null
          || nodeName.isEmpty()
          || orchestrator == null
          || orchestrator.isEmpty()) {
        throw new InvalidResourceException(
            "spec.orchRefs", "an orchRef needs nodeName and orchestrator");
      }
    }
  }

  private static void requireFamily(String field, @Nullable IpAddress a, IpFamily family) {
    if (a != null && a.family() != family) {
      throw new InvalidResourceException(
          field, a + " is not an " + (family == IpFamily.IPV4 ? "IPv4" : "IPv6") + " address");
    }
  }
}
