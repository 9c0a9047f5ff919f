package dev.gingham.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.Policies;
import dev.gingham.net.IpAddress;
import dev.gingham.policy.Endpoint;
import dev.gingham.policy.Packet;
import dev.gingham.policy.PolicyEvaluator;
import dev.gingham.policy.PolicyModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes NetworkPolicy behaviours as truth tables, in the manner of the upstream e2e tests and
 * Cyclonus: namespaces x, y and z (labelled ns=x...), pods a, b and c in each (labelled pod=a...),
 * every pod listening on TCP 80 and 81 and UDP 53, pod a naming port 80 "serve-80". Each case
 * states in its own words who may reach whom, and every (from, to, port) triple is checked against
 * the evaluator.
 */
class KubernetesTruthTableTest {
  private static final String[] NS = {"x", "y", "z"};
  private static final String[] PODS = {"a", "b", "c"};

  /** The expected outcome of a probe. */
  interface Expect {
    boolean allowed(String fromNs, String fromPod, String toNs, String toPod, String port);
  }

  private static String cluster() {
    StringBuilder s = new StringBuilder();
    int ip = 1;
    for (String ns : NS) {
      s.append("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ")
          .append(ns)
          .append("\n  labels:\n    ns: ")
          .append(ns)
          .append('\n');
      for (String pod : PODS) {
        s.append("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ")
            .append(pod)
            .append("\n  namespace: ")
            .append(ns)
            .append("\n  labels:\n    pod: ")
            .append(pod)
            .append("\nspec:\n  containers:\n  - name: c\n    ports:\n")
            .append(pod.equals("a") ? "    - name: serve-80\n      containerPort: 80\n" : "")
            .append("    - containerPort: 81\n")
            .append("status:\n  podIP: 10.0.")
            .append(pod.equals("c") ? "1" : "0")
            .append('.')
            .append(ip++)
            .append('\n');
      }
    }
    return s.toString();
  }

  private static void check(String policies, Expect expect) {
    PolicyModel model =
        Policies.readDocuments(Yaml.documents(cluster() + "---\n" + policies), "gw");
    PolicyEvaluator ev = Policies.evaluator(model);
    List<String> wrong = new ArrayList<>();
    int allowed = 0;
    int total = 0;
    for (Endpoint from : model.endpoints()) {
      for (Endpoint to : model.endpoints()) {
        if (from == to) {
          continue;
        }
        for (String port : List.of("tcp/80", "tcp/81", "udp/53")) {
          IpAddress src = from.addresses().get(0);
          IpAddress dst = to.addresses().get(0);
          int n = Integer.parseInt(port.substring(4));
          Packet p =
              port.startsWith("tcp")
                  ? Packet.tcp(src, 40000, dst, n)
                  : Packet.udp(src, 40000, dst, n);
          boolean got = ev.evaluate(p, from, to).allowed();
          boolean want =
              expect.allowed(from.namespace(), from.name(), to.namespace(), to.name(), port);
          total++;
          allowed += got ? 1 : 0;
          if (got != want) {
            wrong.add(
                from.namespace()
                    + "/"
                    + from.name()
                    + " -> "
                    + to.namespace()
                    + "/"
                    + to.name()
                    + " "
                    + port
                    + ": expected "
                    + (want ? "allow" : "deny")
                    + ", "
                    + ev.evaluate(p, from, to).explain());
          }
        }
      }
    }
    assertThat(wrong).as("%d of %d allowed", allowed, total).isEmpty();
  }

  @Test
  void withoutPoliciesEverythingIsAllowed() {
    check("", (fn, fp, tn, tp, port) -> true);
  }

  @Test
  void denyAllIngressIsolatesTheNamespaceForIngressOnly() {
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: x}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """,
        (fn, fp, tn, tp, port) -> !tn.equals("x"));
  }

  @Test
  void allowFromANamespaceByLabel() {
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: from-y, namespace: x}
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {ns: y}}
        """,
        (fn, fp, tn, tp, port) -> !(tn.equals("x") && tp.equals("a")) || fn.equals("y"));
  }

  @Test
  void podAndNamespaceSelectorInOnePeerMustBothMatchButSeparatePeersEither() {
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: and-or, namespace: x}
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {ns: y}}
              podSelector: {matchLabels: {pod: b}}
            - podSelector: {matchExpressions: [{key: pod, operator: In, values: [c]}]}
        """,
        (fn, fp, tn, tp, port) ->
            !(tn.equals("x") && tp.equals("a"))
                || (fn.equals("y") && fp.equals("b"))
                || (fn.equals("x") && fp.equals("c")));
  }

  @Test
  void allowOnePortDeniesTheOthers() {
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: port-80, namespace: x}
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - ports:
            - port: 80
        """,
        (fn, fp, tn, tp, port) -> !(tn.equals("x") && tp.equals("a")) || port.equals("tcp/80"));
  }

  @Test
  void egressDenyAllStopsEverythingLeavingTheNamespace() {
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: no-egress, namespace: x}
        spec:
          podSelector: {}
          policyTypes: [Egress]
        """,
        (fn, fp, tn, tp, port) -> !fn.equals("x"));
  }

  @Test
  void ipBlockWithExcept() {
    // Pods c sit in 10.0.1.0/24, the others in 10.0.0.0/24.
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: block, namespace: x}
        spec:
          podSelector: {matchLabels: {pod: a}}
          policyTypes: [Egress]
          egress:
          - to:
            - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}
        """,
        (fn, fp, tn, tp, port) -> !(fn.equals("x") && fp.equals("a")) || !tp.equals("c"));
  }

  @Test
  void namedPortsResolveOnTheDestinationPod() {
    // Only pods a name port 80 "serve-80": elsewhere the named port matches nothing.
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: named, namespace: x}
        spec:
          podSelector: {}
          ingress:
          - ports:
            - port: serve-80
        """,
        (fn, fp, tn, tp, port) -> !tn.equals("x") || (tp.equals("a") && port.equals("tcp/80")));
  }

  @Test
  void endPortMakesARange() {
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: range, namespace: y}
        spec:
          podSelector: {}
          ingress:
          - ports:
            - {protocol: TCP, port: 80, endPort: 81}
        """,
        (fn, fp, tn, tp, port) -> !tn.equals("y") || port.startsWith("tcp"));
  }

  @Test
  void policyTypesDefaultToIngressEvenWithOnlyEgressRules() {
    // No policyTypes and only egress rules: Ingress and Egress, so ingress is isolated too.
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: egress-dns, namespace: z}
        spec:
          podSelector: {matchLabels: {pod: b}}
          egress:
          - ports:
            - {protocol: UDP, port: 53}
        """,
        (fn, fp, tn, tp, port) -> {
          if (tn.equals("z") && tp.equals("b")) {
            return false;
          }
          return !(fn.equals("z") && fp.equals("b")) || port.equals("udp/53");
        });
  }

  @Test
  void policiesAreAdditive() {
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: from-b, namespace: x}
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{podSelector: {matchLabels: {pod: b}}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: from-z, namespace: x}
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{namespaceSelector: {matchLabels: {ns: z}}}]
        """,
        (fn, fp, tn, tp, port) ->
            !(tn.equals("x") && tp.equals("a"))
                || (fn.equals("x") && fp.equals("b"))
                || fn.equals("z"));
  }

  @Test
  void emptyNamespaceSelectorMeansEveryNamespace() {
    check(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: any-ns, namespace: x}
        spec:
          podSelector: {}
          ingress:
          - from: [{namespaceSelector: {}, podSelector: {matchLabels: {pod: b}}}]
        """,
        (fn, fp, tn, tp, port) -> !tn.equals("x") || fp.equals("b"));
  }
}
