package dev.gingham.internal.resource.codec;

import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.Policy;
import dev.gingham.policy.PolicyType;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Selector;
import dev.gingham.policy.Tier;
import dev.gingham.resource.ObjectMeta;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The specs of NetworkPolicy and GlobalNetworkPolicy. Thread-safe: stateless. */
final class PolicySpecCodecs {
  private static final List<String> POLICY_FIELDS =
      List.of("order", "tier", "selector", "types", "ingress", "egress");
  private static final List<String> GLOBAL_FIELDS =
      List.of(
          "order",
          "tier",
          "selector",
          "namespaceSelector",
          "types",
          "ingress",
          "egress",
          "doNotTrack",
          "preDNAT",
          "applyOnForward");

  private PolicySpecCodecs() {}

  static final SpecCodec<NetworkPolicy> NETWORK_POLICY =
      new SpecCodec<>() {
        @Override
        public NetworkPolicy decode(Tree spec, ObjectMeta meta) {
          refuseShared(spec).requireOnly(POLICY_FIELDS);
          Fields f = read(spec);
          NetworkPolicy.Builder b =
              NetworkPolicy.builder(meta.name())
                  .namespace(Objects.requireNonNull(meta.namespace(), "namespace"))
                  .tier(f.tier)
                  .order(f.order)
                  .selector(f.selector)
                  .types(f.types)
                  .ingress(f.ingress)
                  .egress(f.egress);
          return spec.wrap(b::build);
        }

        @Override
        public Map<String, Object> encode(NetworkPolicy p) {
          return write(p, null).fields();
        }
      };

  static final SpecCodec<GlobalNetworkPolicy> GLOBAL_NETWORK_POLICY =
      new SpecCodec<>() {
        @Override
        public GlobalNetworkPolicy decode(Tree spec, ObjectMeta meta) {
          String why = "is not supported by Gingham's dataplane; leave it out or false";
          refuseShared(spec)
              .refuseUnless("doNotTrack", false, "doNotTrack " + why)
              .refuseUnless("preDNAT", false, "preDNAT " + why)
              .refuseUnless("applyOnForward", false, "applyOnForward " + why)
              .requireOnly(GLOBAL_FIELDS);
          spec.get("doNotTrack").bool();
          spec.get("preDNAT").bool();
          spec.get("applyOnForward").bool();
          Fields f = read(spec);
          GlobalNetworkPolicy.Builder b =
              GlobalNetworkPolicy.builder(meta.name())
                  .namespaceSelector(RuleCodec.selector(spec.get("namespaceSelector")))
                  .tier(f.tier)
                  .order(f.order)
                  .selector(f.selector)
                  .types(f.types)
                  .ingress(f.ingress)
                  .egress(f.egress);
          return spec.wrap(b::build);
        }

        @Override
        public Map<String, Object> encode(GlobalNetworkPolicy p) {
          return write(p, p.namespaceSelector()).fields();
        }
      };

  private static Tree refuseShared(Tree spec) {
    return spec.refuse(
            "serviceAccountSelector", "service account selectors are not supported by Gingham")
        .refuse("performanceHints", "performance hints are not kept by Gingham");
  }

  /** What both kinds of policy read. */
  private record Fields(
      String tier,
      @Nullable Double order,
      Selector selector,
      Set<PolicyType> types,
      List<Rule> ingress,
      List<Rule> egress) {}

  private static Fields read(Tree spec) {
    String tier = spec.get("tier").string();
    Selector selector = RuleCodec.selector(spec.get("selector"));
    Set<PolicyType> types = EnumSet.noneOf(PolicyType.class);
    for (Tree t : spec.get("types").list()) {
      String s = t.requiredString();
      types.add(t.wrap(() -> PolicyType.parse(s)));
    }
    return new Fields(
        tier == null ? Tier.DEFAULT_NAME : tier,
        spec.get("order").number(),
        selector == null ? Selector.ALL : selector,
        types,
        RuleCodec.rules(spec.get("ingress")),
        RuleCodec.rules(spec.get("egress")));
  }

  private static Out write(Policy p, @Nullable Selector namespaceSelector) {
    List<String> types = new ArrayList<>();
    for (PolicyType t : PolicyType.values()) {
      if (p.types().contains(t)) {
        types.add(t.text());
      }
    }
    return new Out()
        .put("tier", p.tier())
        .number("order", p.order())
        .text("selector", p.selector())
        .text("namespaceSelector", namespaceSelector)
        .put("types", types)
        .put("ingress", p.ingress().isEmpty() ? null : RuleCodec.encodeRules(p.ingress()))
        .put("egress", p.egress().isEmpty() ? null : RuleCodec.encodeRules(p.egress()));
  }
}
