package dev.gingham.internal.resource.codec;

import dev.gingham.net.Ipv4Address;
import dev.gingham.net.MacAddress;
import dev.gingham.resource.HostAddress;
import dev.gingham.resource.NodeSpec;
import dev.gingham.resource.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The spec of a Node. Thread-safe: stateless. */
final class NodeSpecCodec implements SpecCodec<NodeSpec> {
  static final NodeSpecCodec INSTANCE = new NodeSpecCodec();

  private static final List<String> FIELDS =
      List.of("bgp", "ipv4VXLANTunnelAddr", "vxlanTunnelMACAddr", "addresses", "orchRefs");
  private static final List<String> BGP_FIELDS =
      List.of(
          "ipv4Address",
          "ipv6Address",
          "asNumber",
          "routeReflectorClusterID",
          "ipv4IPIPTunnelAddr");

  private NodeSpecCodec() {}

  @Override
  public NodeSpec decode(Tree spec, ObjectMeta meta) {
    spec.refuse("wireguard", "WireGuard is not supported by Gingham")
        .refuse("ipv6VXLANTunnelAddr", "IPv6 VXLAN is not supported by Gingham")
        .refuse("vxlanTunnelMACAddrV6", "IPv6 VXLAN is not supported by Gingham")
        .requireOnly(FIELDS);
    NodeSpec.Bgp bgp = null;
    Tree b = spec.get("bgp");
    if (!b.isMissing()) {
      b.requireOnly(BGP_FIELDS);
      HostAddress v4 = hostAddress(b.get("ipv4Address"));
      HostAddress v6 = hostAddress(b.get("ipv6Address"));
      Long as = b.get("asNumber").longValue();
      Tree rr = b.get("routeReflectorClusterID");
      String rrText = rr.string();
      Ipv4Address cluster = rrText == null ? null : rr.wrap(() -> Ipv4Address.parse(rrText));
      var tunnel = EndpointSpecCodecs.optionalAddress(b.get("ipv4IPIPTunnelAddr"));
      bgp = b.wrap(() -> new NodeSpec.Bgp(v4, v6, as, cluster, tunnel));
    }
    var vxlan = EndpointSpecCodecs.optionalAddress(spec.get("ipv4VXLANTunnelAddr"));
    Tree macTree = spec.get("vxlanTunnelMACAddr");
    String macText = macTree.string();
    MacAddress mac = macText == null ? null : macTree.wrap(() -> MacAddress.parse(macText));
    List<NodeSpec.Address> addresses = new ArrayList<>();
    for (Tree a : spec.get("addresses").list()) {
      a.requireOnly(List.of("address", "type"));
      HostAddress address = hostAddress(a.get("address"));
      if (address == null) {
        throw a.get("address").error("is required");
      }
      Tree type = a.get("type");
      String typeText = type.string();
      NodeSpec.AddressType t =
          typeText == null ? null : type.wrap(() -> NodeSpec.AddressType.parse(typeText));
      addresses.add(new NodeSpec.Address(address, t));
    }
    List<NodeSpec.OrchRef> refs = new ArrayList<>();
    for (Tree r : spec.get("orchRefs").list()) {
      r.requireOnly(List.of("nodeName", "orchestrator"));
      String name = r.get("nodeName").requiredString();
      String orchestrator = r.get("orchestrator").requiredString();
      refs.add(r.wrap(() -> new NodeSpec.OrchRef(name, orchestrator)));
    }
    NodeSpec.Bgp finalBgp = bgp;
    return spec.wrap(() -> new NodeSpec(finalBgp, vxlan, mac, addresses, refs));
  }

  private static @Nullable HostAddress hostAddress(Tree t) {
    String text = t.string();
    return text == null ? null : t.wrap(() -> HostAddress.parse(text));
  }

  @Override
  public Map<String, Object> encode(NodeSpec n) {
    Out out = new Out();
    NodeSpec.Bgp bgp = n.bgp();
    if (bgp != null) {
      out.object(
          "bgp",
          new Out()
              .text("ipv4Address", bgp.ipv4Address())
              .text("ipv6Address", bgp.ipv6Address())
              .put("asNumber", bgp.asNumber())
              .text("routeReflectorClusterID", bgp.routeReflectorClusterId())
              .text("ipv4IPIPTunnelAddr", bgp.ipv4IpipTunnelAddr()));
    }
    return out.text("ipv4VXLANTunnelAddr", n.ipv4VxlanTunnelAddr())
        .text("vxlanTunnelMACAddr", n.vxlanTunnelMacAddr())
        .list(
            "addresses",
            n.addresses(),
            a ->
                new Out()
                    .text("address", a.address())
                    .put("type", a.type() == null ? null : a.type().text())
                    .fields())
        .list(
            "orchRefs",
            n.orchRefs(),
            r ->
                new Out()
                    .put("nodeName", r.nodeName())
                    .put("orchestrator", r.orchestrator())
                    .fields())
        .fields();
  }
}
