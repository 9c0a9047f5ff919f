package dev.gingham.benchmarks.policy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.Port;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import dev.gingham.policy.WorkloadEndpoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cluster of the size the issue names: endpoints spread over namespaces, each labelled with one
 * of 20 apps, one of three tiers and a version, with a named port; per namespace a kns. profile and
 * an even share of namespaced policies, each selecting a different app (ingress from the front tier
 * to a numbered and a named port, from namespaces of one team, a deny of a documentation net, and
 * an egress rule that passes or denies); one policy in twenty is global.
 */
public final class SyntheticCluster {
  private static final String[] TIERS = {"fe", "be", "db"};

  private SyntheticCluster() {}

  /** The workload with this index. */
  public static WorkloadEndpoint endpoint(int i, int namespaces, String app) {
    String ns = "ns-" + (i % namespaces);
    return WorkloadEndpoint.builder(ns, "pod-" + i)
        .interfaceName("gw" + Integer.toHexString(i))
        .address(
            IpAddress.parse("10." + (64 + (i >> 16)) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff)))
        .labels(Labels.of("app", app, "tier", TIERS[i % 3], "version", "v" + (i % 2)))
        .profile("kns." + ns)
        .port(EndpointPort.of("http", Protocol.TCP, 8080))
        .build();
  }

  /** The app label of the workload with this index. */
  public static String app(int i) {
    return "app-" + (i % 20);
  }

  /** The whole model. */
  public static PolicyModel model(int endpoints, int policies, int namespaces) {
    PolicyModel.Builder b = PolicyModel.builder();
    for (int n = 0; n < namespaces; n++) {
      String ns = "ns-" + n;
      Map<String, String> labels = new TreeMap<>();
      labels.put("pcns.team", "team-" + (n % 5));
      labels.put("pcns.projectcalico.org/name", ns);
      b.profile(
          Profile.of(
              "kns." + ns,
              Labels.of(labels),
              List.of(Rule.of(Action.ALLOW)),
              List.of(Rule.of(Action.ALLOW))));
    }
    for (int i = 0; i < endpoints; i++) {
      b.endpoint(endpoint(i, namespaces, app(i)));
    }
    for (int p = 0; p < policies; p++) {
      Rule fromFront =
          Rule.builder(Action.ALLOW)
              .protocol(Protocol.TCP)
              .source(EntityRule.builder().selector("tier == 'fe'").build())
              .destination(EntityRule.builder().port(Port.of(80)).port(Port.named("http")).build())
              .build();
      Rule fromTeam =
          Rule.builder(Action.ALLOW)
              .source(
                  EntityRule.builder().namespaceSelector("team == 'team-" + (p % 5) + "'").build())
              .build();
      Rule denyDocs =
          Rule.builder(Action.DENY)
              .source(EntityRule.builder().net(IpPrefix.parse("192.0.2.0/24")).build())
              .build();
      Rule egress =
          Rule.builder(p % 2 == 0 ? Action.PASS : Action.ALLOW)
              .protocol(Protocol.UDP)
              .destination(EntityRule.builder().port(Port.of(53)).build())
              .build();
      if (p % 20 == 19) {
        b.policy(
            GlobalNetworkPolicy.builder("global-" + p)
                .order((double) (p % 7))
                .selector("tier == 'db' && app == '" + app(p) + "'")
                .ingress(fromFront)
                .ingress(denyDocs)
                .egress(egress)
                .build());
      } else {
        b.policy(
            NetworkPolicy.builder("policy-" + p)
                .namespace("ns-" + (p % namespaces))
                .order((double) (p % 7))
                .selector("app == '" + app(p / namespaces) + "'")
                .ingress(denyDocs)
                .ingress(fromFront)
                .ingress(fromTeam)
                .egress(egress)
                .build());
      }
    }
    return b.build();
  }
}
