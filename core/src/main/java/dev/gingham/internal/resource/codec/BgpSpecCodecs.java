package dev.gingham.internal.resource.codec;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.resource.BgpConfigurationSpec;
import dev.gingham.resource.BgpPeerSpec;
import dev.gingham.resource.ObjectMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The specs of BGPPeer and BGPConfiguration. Thread-safe: stateless. */
final class BgpSpecCodecs {
  private static final List<String> PEER_FIELDS =
      List.of(
          "node",
          "peerIP",
          "asNumber",
          "nodeSelector",
          "peerSelector",
          "keepOriginalNextHop",
          "sourceAddress",
          "maxRestartTime",
          "numAllowedLocalASNumbers",
          "ttlSecurity",
          "reachableBy",
          "filters");
  private static final List<String> CONFIGURATION_FIELDS =
      List.of(
          "logSeverityScreen",
          "nodeToNodeMeshEnabled",
          "asNumber",
          "serviceClusterIPs",
          "serviceExternalIPs",
          "serviceLoadBalancerIPs",
          "listenPort",
          "bindMode",
          "communities",
          "prefixAdvertisements",
          "ignoredInterfaces",
          "nodeMeshMaxRestartTime");

  private BgpSpecCodecs() {}

  static final SpecCodec<BgpPeerSpec> PEER =
      new SpecCodec<>() {
        @Override
        public BgpPeerSpec decode(Tree spec, ObjectMeta meta) {
          spec.refuse("password", "TCP-MD5 passwords are not supported by Gingham yet")
              .requireOnly(PEER_FIELDS);
          BgpPeerSpec.Builder b =
              BgpPeerSpec.builder()
                  .node(spec.get("node").string())
                  .nodeSelector(RuleCodec.selector(spec.get("nodeSelector")))
                  .peerSelector(RuleCodec.selector(spec.get("peerSelector")))
                  .keepOriginalNextHop(spec.get("keepOriginalNextHop").bool(false))
                  .filters(spec.get("filters").strings())
                  .reachableBy(EndpointSpecCodecs.optionalAddress(spec.get("reachableBy")));
          Tree peer = spec.get("peerIP");
          String peerText = peer.string();
          if (peerText != null) {
            peer.wrap(() -> peerAddress(b, peerText));
          }
          Long as = spec.get("asNumber").longValue();
          b.asNumber(as == null ? 0 : as);
          Tree source = spec.get("sourceAddress");
          String sourceText = source.string();
          if (sourceText != null) {
            b.sourceAddress(source.wrap(() -> BgpPeerSpec.SourceAddress.parse(sourceText)));
          }
          b.maxRestartTime(duration(spec.get("maxRestartTime")));
          Integer allowed = spec.get("numAllowedLocalASNumbers").integer();
          b.numAllowedLocalAsNumbers(allowed == null ? 0 : allowed);
          Integer ttl = spec.get("ttlSecurity").integer();
          b.ttlSecurity(ttl == null ? 0 : ttl);
          return spec.wrap(b::build);
        }

        @Override
        public Map<String, Object> encode(BgpPeerSpec p) {
          return new Out()
              .put("node", p.node())
              .put("peerIP", p.peerIp() == null ? null : peerText(p.peerIp(), p.peerPort()))
              .put("asNumber", p.asNumber() == 0 ? null : p.asNumber())
              .text("nodeSelector", p.nodeSelector())
              .text("peerSelector", p.peerSelector())
              .flag("keepOriginalNextHop", p.keepOriginalNextHop())
              .put(
                  "sourceAddress",
                  p.sourceAddress() == BgpPeerSpec.SourceAddress.USE_NODE_IP
                      ? null
                      : p.sourceAddress().text())
              .put(
                  "maxRestartTime",
                  p.maxRestartTime() == null ? null : GoDurations.format(p.maxRestartTime()))
              .put(
                  "numAllowedLocalASNumbers",
                  p.numAllowedLocalAsNumbers() == 0 ? null : p.numAllowedLocalAsNumbers())
              .put("ttlSecurity", p.ttlSecurity() == 0 ? null : p.ttlSecurity())
              .text("reachableBy", p.reachableBy())
              .texts("filters", p.filters())
              .fields();
        }
      };

  /**
   * Reads Calico's peerIP: {@code 192.0.2.1}, {@code 192.0.2.1:1179}, {@code 2001:db8::1} or {@code
   * [2001:db8::1]:1179}.
   */
  private static BgpPeerSpec.Builder peerAddress(BgpPeerSpec.Builder b, String text) {
    String address = text;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an address, address:port or [address]:port");
      }
      address = text.substring(1, close);
      port = close + 1 < text.length() ? text.substring(close + 2) : null;
    } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      address = text.substring(0, text.indexOf(':'));
      port = text.substring(text.indexOf(':') + 1);
    }
    b.peerIp(IpAddress.parse(address));
    if (port != null) {
      if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("'" + text + "' has no valid port after its ':'");
      }
      int n = Integer.parseInt(port);
      if (n < 1 || n > 65535) {
        throw new IllegalArgumentException("port " + n + " is out of range 1..65535");
      }
      b.peerPort(n);
    }
    return b;
  }

  private static String peerText(IpAddress address, int port) {
    if (port == 0) {
      return address.toString();
    }
    return address.family() == IpFamily.IPV6 ? "[" + address + "]:" + port : address + ":" + port;
  }

  static final SpecCodec<BgpConfigurationSpec> CONFIGURATION =
      new SpecCodec<>() {
        @Override
        public BgpConfigurationSpec decode(Tree spec, ObjectMeta meta) {
          spec.refuse("nodeMeshPassword", "TCP-MD5 passwords are not supported by Gingham yet")
              .requireOnly(CONFIGURATION_FIELDS);
          BgpConfigurationSpec.Builder b =
              BgpConfigurationSpec.builder()
                  .logSeverityScreen(spec.get("logSeverityScreen").string())
                  .nodeToNodeMeshEnabled(spec.get("nodeToNodeMeshEnabled").bool())
                  .asNumber(spec.get("asNumber").longValue())
                  .serviceClusterIps(cidrs(spec.get("serviceClusterIPs")))
                  .serviceExternalIps(cidrs(spec.get("serviceExternalIPs")))
                  .serviceLoadBalancerIps(cidrs(spec.get("serviceLoadBalancerIPs")))
                  .listenPort(spec.get("listenPort").integer())
                  .ignoredInterfaces(spec.get("ignoredInterfaces").strings())
                  .nodeMeshMaxRestartTime(duration(spec.get("nodeMeshMaxRestartTime")));
          Tree bind = spec.get("bindMode");
          String bindText = bind.string();
          if (bindText != null) {
            b.bindMode(bind.wrap(() -> BgpConfigurationSpec.BindMode.parse(bindText)));
          }
          List<BgpConfigurationSpec.NamedCommunity> communities = new ArrayList<>();
          for (Tree c : spec.get("communities").list()) {
            c.requireOnly(List.of("name", "value"));
            String name = c.get("name").requiredString();
            String value = c.get("value").requiredString();
            communities.add(c.wrap(() -> new BgpConfigurationSpec.NamedCommunity(name, value)));
          }
          b.communities(communities);
          List<BgpConfigurationSpec.PrefixAdvertisement> ads = new ArrayList<>();
          for (Tree a : spec.get("prefixAdvertisements").list()) {
            a.requireOnly(List.of("cidr", "communities"));
            Tree cidr = a.get("cidr");
            String text = cidr.requiredString();
            IpPrefix prefix = cidr.wrap(() -> IpPrefix.parse(text));
            List<String> used = a.get("communities").strings();
            ads.add(a.wrap(() -> new BgpConfigurationSpec.PrefixAdvertisement(prefix, used)));
          }
          b.prefixAdvertisements(ads);
          return spec.wrap(b::build);
        }

        @Override
        public Map<String, Object> encode(BgpConfigurationSpec c) {
          return new Out()
              .put("logSeverityScreen", c.logSeverityScreen())
              .put("nodeToNodeMeshEnabled", c.nodeToNodeMeshEnabled())
              .put("asNumber", c.asNumber())
              .list("serviceClusterIPs", c.serviceClusterIps(), BgpSpecCodecs::cidrValue)
              .list("serviceExternalIPs", c.serviceExternalIps(), BgpSpecCodecs::cidrValue)
              .list("serviceLoadBalancerIPs", c.serviceLoadBalancerIps(), BgpSpecCodecs::cidrValue)
              .put("listenPort", c.listenPort())
              .put("bindMode", c.bindMode() == null ? null : c.bindMode().text())
              .list(
                  "communities",
                  c.communities(),
                  n -> new Out().put("name", n.name()).put("value", n.value()).fields())
              .list(
                  "prefixAdvertisements",
                  c.prefixAdvertisements(),
                  a ->
                      new Out()
                          .text("cidr", a.cidr())
                          .texts("communities", a.communities())
                          .fields())
              .texts("ignoredInterfaces", c.ignoredInterfaces())
              .put(
                  "nodeMeshMaxRestartTime",
                  c.nodeMeshMaxRestartTime() == null
                      ? null
                      : GoDurations.format(c.nodeMeshMaxRestartTime()))
              .fields();
        }
      };

  /** Calico's list of {@code {cidr: ...}} objects. */
  private static List<IpPrefix> cidrs(Tree t) {
    List<IpPrefix> out = new ArrayList<>();
    for (Tree item : t.list()) {
      item.requireOnly(List.of("cidr"));
      Tree cidr = item.get("cidr");
      String text = cidr.requiredString();
      out.add(cidr.wrap(() -> IpPrefix.parse(text)));
    }
    return out;
  }

  private static Object cidrValue(IpPrefix p) {
    return new Out().text("cidr", p).fields();
  }

  static @Nullable Duration duration(Tree t) {
    String text = t.string();
    return text == null ? null : t.wrap(() -> GoDurations.parse(text));
  }
}
