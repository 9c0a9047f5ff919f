package dev.gingham.cli;

import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.PolicyType;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Tier;
import dev.gingham.resource.BgpConfigurationSpec;
import dev.gingham.resource.BgpPeerSpec;
import dev.gingham.resource.HostEndpointSpec;
import dev.gingham.resource.NodeSpec;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.WorkloadEndpointSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The table {@code gingham get} prints for each kind, in its default and its wide form. The columns
 * follow calicoctl's where it has them. Thread-safe: stateless.
 */
final class ResourceTables {
  private ResourceTables() {}

  /** The resources, all of one kind, as a table. */
  static Table of(ResourceKind<?> kind, List<? extends Resource<?>> resources, boolean wide) {
    List<String> header = new ArrayList<>();
    if (kind.namespaced()) {
      header.add("NAMESPACE");
    }
    header.add("NAME");
    header.addAll(columns(kind, wide));
    Table t = new Table(header);
    for (Resource<?> r : resources) {
      List<Object> row = new ArrayList<>();
      if (kind.namespaced()) {
        row.add(r.metadata().namespace());
      }
      row.add(r.metadata().name());
      row.addAll(cells(r, wide));
      t.row(row);
    }
    return t;
  }

  private static List<String> columns(ResourceKind<?> k, boolean wide) {
    if (k == ResourceKind.IP_POOL) {
      return wide
          ? List.of(
              "CIDR",
              "BLOCK",
              "NAT",
              "IPIPMODE",
              "VXLANMODE",
              "DISABLED",
              "DISABLEBGPEXPORT",
              "SELECTOR")
          : List.of("CIDR", "SELECTOR");
    }
    if (k == ResourceKind.IP_RESERVATION) {
      return List.of("CIDRS");
    }
    if (k == ResourceKind.IPAM_CONFIGURATION) {
      return wide
          ? List.of("STRICTAFFINITY", "AUTOALLOCATEBLOCKS", "MAXBLOCKSPERHOST", "IPCOOLDOWN")
          : List.of("STRICTAFFINITY", "MAXBLOCKSPERHOST");
    }
    if (k == ResourceKind.BGP_CONFIGURATION) {
      return wide
          ? List.of("LOGSEVERITY", "MESHENABLED", "ASNUMBER", "LISTENPORT", "SERVICECLUSTERIPS")
          : List.of("LOGSEVERITY", "MESHENABLED", "ASNUMBER");
    }
    if (k == ResourceKind.BGP_PEER) {
      return wide
          ? List.of("PEERIP", "NODE", "ASN", "PEERSELECTOR", "KEEPNEXTHOP")
          : List.of("PEERIP", "NODE", "ASN");
    }
    if (k == ResourceKind.NODE) {
      return wide ? List.of("ASN", "IPV4", "IPV6", "RRCLUSTERID") : List.of("ASN", "IPV4", "IPV6");
    }
    if (k == ResourceKind.TIER) {
      return List.of("ORDER");
    }
    if (k == ResourceKind.PROFILE) {
      return wide ? List.of("LABELSTOAPPLY", "INGRESS", "EGRESS") : List.of("LABELSTOAPPLY");
    }
    if (k == ResourceKind.NETWORK_SET || k == ResourceKind.GLOBAL_NETWORK_SET) {
      return wide ? List.of("NETS", "LABELS") : List.of("NETS");
    }
    if (k == ResourceKind.NETWORK_POLICY || k == ResourceKind.GLOBAL_NETWORK_POLICY) {
      return wide
          ? List.of("TIER", "ORDER", "TYPES", "INGRESS", "EGRESS", "SELECTOR")
          : List.of("TIER", "ORDER", "SELECTOR");
    }
    if (k == ResourceKind.HOST_ENDPOINT) {
      return wide
          ? List.of("NODE", "INTERFACE", "IPS", "PROFILES", "LABELS")
          : List.of("NODE", "INTERFACE", "IPS");
    }
    return wide
        ? List.of("NODE", "NETWORKS", "INTERFACE", "WORKLOAD", "PROFILES", "LABELS")
        : List.of("NODE", "NETWORKS", "INTERFACE");
  }

  private static List<Object> cells(Resource<?> r, boolean wide) {
    Object s = r.spec();
    if (s instanceof IpPool) {
      IpPool p = (IpPool) s;
      return wide
          ? List.of(
              p.cidr(),
              "/" + p.blockSize(),
              p.natOutgoing(),
              p.ipipMode().text(),
              p.vxlanMode().text(),
              p.disabled(),
              p.disableBgpExport(),
              p.nodeSelector())
          : List.of(p.cidr(), p.nodeSelector());
    }
    if (s instanceof IpReservation) {
      return List.of(join(((IpReservation) s).cidrs()));
    }
    if (s instanceof IpamConfig) {
      IpamConfig c = (IpamConfig) s;
      return wide
          ? List.of(
              c.strictAffinity(), c.autoAllocateBlocks(), c.maxBlocksPerHost(), c.ipCooldown())
          : List.of(c.strictAffinity(), c.maxBlocksPerHost());
    }
    if (s instanceof BgpConfigurationSpec) {
      BgpConfigurationSpec c = (BgpConfigurationSpec) s;
      List<Object> cells = new ArrayList<>();
      cells.add(c.logSeverityScreen());
      cells.add(c.nodeToNodeMeshEnabled());
      cells.add(c.asNumber());
      if (wide) {
        cells.add(c.listenPort());
        cells.add(join(c.serviceClusterIps()));
      }
      return cells;
    }
    if (s instanceof BgpPeerSpec) {
      BgpPeerSpec p = (BgpPeerSpec) s;
      List<Object> cells = new ArrayList<>();
      cells.add(
          p.peerIp() == null ? null : p.peerIp() + (p.peerPort() == 0 ? "" : ":" + p.peerPort()));
      cells.add(
          p.node() != null ? p.node() : p.nodeSelector() != null ? p.nodeSelector() : "(global)");
      cells.add(p.asNumber() == 0 ? null : p.asNumber());
      if (wide) {
        cells.add(p.peerSelector());
        cells.add(p.keepOriginalNextHop());
      }
      return cells;
    }
    if (s instanceof NodeSpec) {
      NodeSpec.Bgp b = ((NodeSpec) s).bgp();
      List<Object> cells = new ArrayList<>();
      cells.add(b == null ? null : b.asNumber() == null ? "(64512)" : b.asNumber());
      cells.add(b == null ? null : b.ipv4Address());
      cells.add(b == null ? null : b.ipv6Address());
      if (wide) {
        cells.add(b == null ? null : b.routeReflectorClusterId());
      }
      return cells;
    }
    if (s instanceof Tier) {
      return List.of(order(((Tier) s).order()));
    }
    if (s instanceof Profile) {
      Profile p = (Profile) s;
      return wide
          ? List.of(labels(p.labelsToApply()), p.ingress().size(), p.egress().size())
          : List.of(labels(p.labelsToApply()));
    }
    if (s instanceof NetworkSet) {
      NetworkSet n = (NetworkSet) s;
      return wide ? List.of(join(n.nets()), labels(n.labels())) : List.of(join(n.nets()));
    }
    if (s instanceof NetworkPolicy || s instanceof GlobalNetworkPolicy) {
      dev.gingham.policy.Policy p = (dev.gingham.policy.Policy) s;
      String types =
          p.types().stream().sorted().map(PolicyType::text).collect(Collectors.joining(","));
      return wide
          ? List.of(
              p.tier(),
              order(p.order()),
              types,
              p.ingress().size(),
              p.egress().size(),
              p.selector())
          : List.of(p.tier(), order(p.order()), p.selector());
    }
    if (s instanceof HostEndpointSpec) {
      HostEndpointSpec h = (HostEndpointSpec) s;
      List<Object> cells = new ArrayList<>();
      cells.add(h.node());
      cells.add(h.interfaceName());
      cells.add(join(h.expectedIps()));
      if (wide) {
        cells.add(join(h.profiles()));
        cells.add(labels(r.metadata().labels()));
      }
      return cells;
    }
    WorkloadEndpointSpec w = (WorkloadEndpointSpec) s;
    List<Object> cells = new ArrayList<>();
    cells.add(w.node());
    cells.add(join(w.ipNetworks()));
    cells.add(w.interfaceName());
    if (wide) {
      cells.add(w.workload() != null ? w.workload() : w.pod());
      cells.add(join(w.profiles()));
      cells.add(labels(r.metadata().labels()));
    }
    return cells;
  }

  private static String order(Double order) {
    if (order == null) {
      return "-";
    }
    return order == Math.rint(order) ? Long.toString(order.longValue()) : order.toString();
  }

  static String labels(Labels labels) {
    StringBuilder out = new StringBuilder();
    labels.forEach(
        (k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return out.toString();
  }

  private static String join(List<?> items) {
    return items.stream().map(Object::toString).collect(Collectors.joining(","));
  }
}
