package dev.gingham.internal.resource.codec;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.MacAddress;
import dev.gingham.policy.EndpointPort;
import dev.gingham.resource.HostEndpointSpec;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.WorkloadEndpointSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The specs of WorkloadEndpoint and HostEndpoint. Thread-safe: stateless. */
final class EndpointSpecCodecs {
  private static final List<String> WORKLOAD_FIELDS =
      List.of(
          "orchestrator",
          "workload",
          "node",
          "containerID",
          "pod",
          "endpoint",
          "serviceAccountName",
          "ipNetworks",
          "ipNATs",
          "interfaceName",
          "mac",
          "profiles",
          "ports");

  private EndpointSpecCodecs() {}

  static final SpecCodec<WorkloadEndpointSpec> WORKLOAD =
      new SpecCodec<>() {
        @Override
        public WorkloadEndpointSpec decode(Tree spec, ObjectMeta meta) {
          spec.refuse(
                  "allowSpoofedSourcePrefixes",
                  "spoofed source prefixes are not supported by Gingham")
              .refuse("ipv4Gateway", "gateways are not kept by Gingham")
              .refuse("ipv6Gateway", "gateways are not kept by Gingham")
              .requireOnly(WORKLOAD_FIELDS);
          Tree iface = spec.get("interfaceName");
          WorkloadEndpointSpec.Builder b =
              WorkloadEndpointSpec.builder(iface.requiredString())
                  .orchestrator(spec.get("orchestrator").string())
                  .workload(spec.get("workload").string())
                  .node(spec.get("node").string())
                  .containerId(spec.get("containerID").string())
                  .pod(spec.get("pod").string())
                  .endpoint(spec.get("endpoint").string())
                  .serviceAccountName(spec.get("serviceAccountName").string())
                  .ipNetworks(RuleCodec.nets(spec.get("ipNetworks")))
                  .profiles(spec.get("profiles").strings())
                  .ports(RuleCodec.endpointPorts(spec.get("ports")));
          Tree mac = spec.get("mac");
          String macText = mac.string();
          if (macText != null) {
            b.mac(mac.wrap(() -> MacAddress.parse(macText)));
          }
          List<WorkloadEndpointSpec.IpNat> nats = new ArrayList<>();
          for (Tree n : spec.get("ipNATs").list()) {
            n.requireOnly(List.of("internalIP", "externalIP"));
            IpAddress internal = address(n.get("internalIP"));
            IpAddress external = address(n.get("externalIP"));
            nats.add(n.wrap(() -> new WorkloadEndpointSpec.IpNat(internal, external)));
          }
          b.ipNats(nats);
          return spec.wrap(b::build);
        }

        @Override
        public Map<String, Object> encode(WorkloadEndpointSpec w) {
          return new Out()
              .put("orchestrator", w.orchestrator())
              .put("workload", w.workload())
              .put("node", w.node())
              .put("containerID", w.containerId())
              .put("pod", w.pod())
              .put("endpoint", w.endpoint())
              .put("serviceAccountName", w.serviceAccountName())
              .put("interfaceName", w.interfaceName())
              .text("mac", w.mac())
              .list("ipNetworks", w.ipNetworks(), IpPrefix::toString)
              .list(
                  "ipNATs",
                  w.ipNats(),
                  n ->
                      new Out()
                          .text("internalIP", n.internalIp())
                          .text("externalIP", n.externalIp())
                          .fields())
              .texts("profiles", w.profiles())
              .list("ports", w.ports(), RuleCodec::endpointPortValue)
              .fields();
        }
      };

  static final SpecCodec<HostEndpointSpec> HOST =
      new SpecCodec<>() {
        @Override
        public HostEndpointSpec decode(Tree spec, ObjectMeta meta) {
          spec.requireOnly(List.of("node", "interfaceName", "expectedIPs", "profiles", "ports"));
          String node = spec.get("node").string();
          String iface = spec.get("interfaceName").requiredString();
          List<IpAddress> ips = RuleCodec.addresses(spec.get("expectedIPs"));
          List<String> profiles = spec.get("profiles").strings();
          List<EndpointPort> ports = RuleCodec.endpointPorts(spec.get("ports"));
          return spec.wrap(() -> new HostEndpointSpec(node, iface, ips, profiles, ports));
        }

        @Override
        public Map<String, Object> encode(HostEndpointSpec h) {
          return new Out()
              .put("node", h.node())
              .put("interfaceName", h.interfaceName())
              .texts("expectedIPs", h.expectedIps())
              .texts("profiles", h.profiles())
              .list("ports", h.ports(), RuleCodec::endpointPortValue)
              .fields();
        }
      };

  static IpAddress address(Tree t) {
    String s = t.requiredString();
    return t.wrap(() -> IpAddress.parse(s));
  }

  static @Nullable IpAddress optionalAddress(Tree t) {
    return t.isMissing() ? null : address(t);
  }
}
