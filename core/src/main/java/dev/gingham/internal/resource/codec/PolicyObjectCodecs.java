package dev.gingham.internal.resource.codec;

import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Tier;
import dev.gingham.resource.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * The specs of the policy model's other kinds: Tier, Profile, NetworkSet and GlobalNetworkSet.
 * Thread-safe: stateless.
 */
final class PolicyObjectCodecs {
  private PolicyObjectCodecs() {}

  static final SpecCodec<Tier> TIER =
      new SpecCodec<>() {
        @Override
        public Tier decode(Tree spec, ObjectMeta meta) {
          spec.refuseUnless(
                  "defaultAction",
                  "Deny",
                  "a tier's default action is Deny in Gingham; Pass is not supported")
              .requireOnly(List.of("order", "defaultAction"));
          Double order = spec.get("order").number();
          return spec.wrap(() -> Tier.of(meta.name(), order));
        }

        @Override
        public Map<String, Object> encode(Tier t) {
          return new Out().number("order", t.order()).fields();
        }
      };

  static final SpecCodec<Profile> PROFILE =
      new SpecCodec<>() {
        @Override
        public Profile decode(Tree spec, ObjectMeta meta) {
          spec.requireOnly(List.of("labelsToApply", "ingress", "egress"));
          Tree labelTree = spec.get("labelsToApply");
          Map<String, String> labels = labelTree.stringMap();
          Labels l = labelTree.wrap(() -> Labels.of(labels));
          List<Rule> in = RuleCodec.rules(spec.get("ingress"));
          List<Rule> out = RuleCodec.rules(spec.get("egress"));
          return spec.wrap(() -> Profile.of(meta.name(), l, in, out));
        }

        @Override
        public Map<String, Object> encode(Profile p) {
          return new Out()
              .map("labelsToApply", p.labelsToApply().asMap())
              .put("ingress", p.ingress().isEmpty() ? null : RuleCodec.encodeRules(p.ingress()))
              .put("egress", p.egress().isEmpty() ? null : RuleCodec.encodeRules(p.egress()))
              .fields();
        }
      };

  /** A network set, namespaced or global: the metadata's namespace says which. */
  static final SpecCodec<NetworkSet> NETWORK_SET =
      new SpecCodec<>() {
        @Override
        public NetworkSet decode(Tree spec, ObjectMeta meta) {
          spec.refuse(
                  "allowedEgressDomains",
                  "domain names in network sets are not supported by Gingham")
              .requireOnly(List.of("nets"));
          List<IpPrefix> nets = RuleCodec.nets(spec.get("nets"));
          return spec.wrap(
              () -> new NetworkSet(meta.namespace(), meta.name(), meta.labels(), nets));
        }

        @Override
        public Map<String, Object> encode(NetworkSet s) {
          return new Out().texts("nets", s.nets()).fields();
        }
      };
}
