package dev.gingham.internal.policy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.Endpoint;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.FailsafePort;
import dev.gingham.policy.HostEndpoint;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.Packet;
import dev.gingham.policy.Policy;
import dev.gingham.policy.PolicyEvaluator;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.PolicyType;
import dev.gingham.policy.Port;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Selector;
import dev.gingham.policy.Tier;
import dev.gingham.policy.Verdict;
import dev.gingham.policy.Verdict.Decision;
import dev.gingham.policy.Verdict.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The reference semantics of {@link PolicyEvaluator}, written for clarity rather than speed: it
 * walks tiers, policies and rules exactly as the interface describes, and records each step.
 * Immutable after construction and thread-safe.
 */
public final class ReferenceEvaluator implements PolicyEvaluator {
  private final PolicyModel model;
  private final Map<String, Profile> profiles = new HashMap<>();
  private final Map<Endpoint, Labels> endpointLabels = new IdentityHashMap<>();
  private final Map<IpAddress, List<Endpoint>> endpointsByAddress = new HashMap<>();
  private final List<NetworkSet> networkSets;
  private final Map<NetworkSet, Labels> setLabels = new IdentityHashMap<>();
  private final Map<Tier, List<Policy>> ingress;
  private final Map<Tier, List<Policy>> egress;

  /** An evaluator over {@code model}. */
  public ReferenceEvaluator(PolicyModel model) {
    this.model = model;
    model.profiles().forEach(p -> profiles.put(p.name(), p));
    for (Endpoint e : model.endpoints()) {
      endpointLabels.put(e, Scoping.effectiveLabels(e, profiles::get));
      for (IpAddress a : e.addresses()) {
        endpointsByAddress.computeIfAbsent(a, k -> new ArrayList<>()).add(e);
      }
    }
    networkSets = model.networkSets();
    networkSets.forEach(s -> setLabels.put(s, Scoping.effectiveLabels(s, profiles::get)));
    ingress = PolicyOrdering.byTier(model, PolicyType.INGRESS);
    egress = PolicyOrdering.byTier(model, PolicyType.EGRESS);
  }

  @Override
  public PolicyModel model() {
    return model;
  }

  @Override
  public Verdict evaluate(
      Packet packet, @Nullable Endpoint source, @Nullable Endpoint destination) {
    List<Verdict.Stage> stages = new ArrayList<>();
    if (source != null) {
      stages.add(stage(packet, requireKnown(source), PolicyType.EGRESS));
    }
    if (destination != null && stages.stream().allMatch(s -> s.decision() == Decision.ALLOW)) {
      stages.add(stage(packet, requireKnown(destination), PolicyType.INGRESS));
    }
    boolean allowed = stages.stream().allMatch(s -> s.decision() == Decision.ALLOW);
    return new Verdict(allowed ? Decision.ALLOW : Decision.DENY, stages);
  }

  private Endpoint requireKnown(Endpoint e) {
    if (!endpointLabels.containsKey(e)) {
      for (Endpoint known : model.endpoints()) {
        if (known.equals(e)) {
          return known;
        }
      }
      throw new IllegalArgumentException(e.resource() + " is not in the model");
    }
    return e;
  }

  /** The labels selectors see on an endpoint of the model. */
  public Labels labelsOf(Endpoint e) {
    Labels l = endpointLabels.get(requireKnown(e));
    return l;
  }

  private Verdict.Stage stage(Packet packet, Endpoint ep, PolicyType direction) {
    List<String> trace = new ArrayList<>();
    String who = ep.resource();
    boolean host = ep instanceof HostEndpoint;
    if (direction == PolicyType.EGRESS && !host && !ep.addresses().contains(packet.source())) {
      trace.add("source " + packet.source() + " is not an address of " + who + ": spoofed");
      return new Verdict.Stage(
          who, direction, Decision.DENY, Reason.SOURCE_NOT_ENDPOINT_ADDRESS, null, null, -1, trace);
    }
    if (host) {
      List<FailsafePort> failsafe =
          direction == PolicyType.INGRESS ? model.failsafeInbound() : model.failsafeOutbound();
      for (FailsafePort f : failsafe) {
        if (f.protocol().equals(packet.protocol()) && f.port() == packet.destinationPort()) {
          trace.add("failsafe port " + f);
          return new Verdict.Stage(
              who, direction, Decision.ALLOW, Reason.FAILSAFE, null, null, -1, trace);
        }
      }
    }
    Labels labels = endpointLabels.get(ep);
    boolean anyPolicy = false;
    Map<Tier, List<Policy>> tiers = direction == PolicyType.INGRESS ? ingress : egress;
    for (Map.Entry<Tier, List<Policy>> tier : tiers.entrySet()) {
      String tierName = tier.getKey().name();
      List<Policy> applying = new ArrayList<>();
      for (Policy p : tier.getValue()) {
        if (Scoping.appliesTo(p).matches(labels)) {
          applying.add(p);
        }
      }
      if (applying.isEmpty()) {
        continue;
      }
      anyPolicy = true;
      trace.add("tier " + tierName + ": " + applying.size() + " policies apply");
      boolean passed = false;
      policies:
      for (Policy p : applying) {
        List<Rule> rules = direction == PolicyType.INGRESS ? p.ingress() : p.egress();
        for (int i = 0; i < rules.size(); i++) {
          Rule r = rules.get(i);
          if (!matches(r, packet, p.namespace())) {
            continue;
          }
          String at = p.resource() + " rule " + i + " (" + r.action() + ")";
          switch (r.action()) {
            case ALLOW:
            case DENY:
              trace.add(at + " matches: " + r.action());
              return new Verdict.Stage(
                  who,
                  direction,
                  r.action() == Action.ALLOW ? Decision.ALLOW : Decision.DENY,
                  Reason.RULE,
                  tierName,
                  p.resource(),
                  i,
                  trace);
            case PASS:
              trace.add(at + " matches: pass to the next tier");
              passed = true;
              break policies;
            default:
              trace.add(at + " matches: logged, going on");
          }
        }
        trace.add(p.resource() + ": no rule decides");
      }
      if (!passed) {
        trace.add("end of tier " + tierName + ": deny");
        return new Verdict.Stage(
            who, direction, Decision.DENY, Reason.END_OF_TIER, tierName, null, -1, trace);
      }
    }
    if (ep.profiles().isEmpty()) {
      if (host) {
        trace.add(
            (anyPolicy ? "every tier passed" : "no policy applies")
                + " and the host endpoint has no profile: deny");
        return new Verdict.Stage(
            who, direction, Decision.DENY, Reason.HOST_ENDPOINT_DEFAULT, null, null, -1, trace);
      }
      trace.add(
          (anyPolicy ? "every tier passed" : "no policy applies")
              + " and the workload has no profile: allow");
      return new Verdict.Stage(
          who, direction, Decision.ALLOW, Reason.NO_POLICY_OR_PROFILE, null, null, -1, trace);
    }
    trace.add((anyPolicy ? "every tier passed" : "no policy applies") + ": profiles decide");
    for (String name : ep.profiles()) {
      Profile p = profiles.get(name);
      List<Rule> rules = direction == PolicyType.INGRESS ? p.ingress() : p.egress();
      for (int i = 0; i < rules.size(); i++) {
        Rule r = rules.get(i);
        if (!matches(r, packet, null)) {
          continue;
        }
        String at = "profile " + name + " rule " + i + " (" + r.action() + ")";
        if (r.action() == Action.ALLOW || r.action() == Action.DENY) {
          trace.add(at + " matches: " + r.action());
          return new Verdict.Stage(
              who,
              direction,
              r.action() == Action.ALLOW ? Decision.ALLOW : Decision.DENY,
              Reason.PROFILE_RULE,
              null,
              "profile " + name,
              i,
              trace);
        }
        if (r.action() == Action.PASS) {
          trace.add(at + " matches: on to the next profile");
          break;
        }
        trace.add(at + " matches: logged, going on");
      }
    }
    trace.add("end of profiles: deny");
    return new Verdict.Stage(
        who, direction, Decision.DENY, Reason.END_OF_PROFILES, null, null, -1, trace);
  }

  /** Whether a rule matches a packet; {@code namespace} is the policy's, or null. */
  boolean matches(Rule r, Packet packet, @Nullable String namespace) {
    if (r.protocol() != null && !r.protocol().equals(packet.protocol())) {
      return false;
    }
    if (r.notProtocol() != null && r.notProtocol().equals(packet.protocol())) {
      return false;
    }
    boolean icmp = packet.protocol().isIcmp() && packet.icmpType() >= 0;
    if (r.icmp() != null && (!icmp || !r.icmp().matches(packet.icmpType(), packet.icmpCode()))) {
      return false;
    }
    if (r.notIcmp() != null && icmp && r.notIcmp().matches(packet.icmpType(), packet.icmpCode())) {
      return false;
    }
    return side(r.source(), packet.source(), packet.sourcePort(), packet, namespace)
        && side(r.destination(), packet.destination(), packet.destinationPort(), packet, namespace);
  }

  private boolean side(
      EntityRule side, IpAddress ip, int port, Packet packet, @Nullable String namespace) {
    if (!side.nets().isEmpty() && !inAny(side.nets(), ip)) {
      return false;
    }
    if (inAny(side.notNets(), ip)) {
      return false;
    }
    Selector sel = Scoping.sideSelector(side, namespace);
    if (sel != null && !selected(sel, ip)) {
      return false;
    }
    if (side.notSelector() != null && selected(side.notSelector(), ip)) {
      return false;
    }
    if (!side.ports().isEmpty() && !anyPort(side.ports(), side, ip, port, packet, namespace)) {
      return false;
    }
    return !anyPort(side.notPorts(), side, ip, port, packet, namespace);
  }

  private boolean anyPort(
      List<Port> ports,
      EntityRule side,
      IpAddress ip,
      int port,
      Packet packet,
      @Nullable String namespace) {
    for (Port p : ports) {
      if (p.isNamed() ? namedPort(p.name(), side, ip, port, packet, namespace) : p.contains(port)) {
        return true;
      }
    }
    return false;
  }

  private boolean namedPort(
      String name,
      EntityRule side,
      IpAddress ip,
      int port,
      Packet packet,
      @Nullable String namespace) {
    Selector owners = Scoping.namedPortSelector(side, namespace);
    for (Endpoint e : endpointsByAddress.getOrDefault(ip, List.of())) {
      if (!owners.matches(endpointLabels.get(e))) {
        continue;
      }
      for (EndpointPort ep : e.ports()) {
        if (ep.name().equals(name)
            && ep.protocol().equals(packet.protocol())
            && ep.port() == port) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether an endpoint or network set that holds {@code ip} matches. */
  private boolean selected(Selector sel, IpAddress ip) {
    for (Endpoint e : endpointsByAddress.getOrDefault(ip, List.of())) {
      if (sel.matches(endpointLabels.get(e))) {
        return true;
      }
    }
    for (NetworkSet s : networkSets) {
      if (inAny(s.nets(), ip) && sel.matches(setLabels.get(s))) {
        return true;
      }
    }
    return false;
  }

  private static boolean inAny(List<IpPrefix> nets, IpAddress ip) {
    for (IpPrefix n : nets) {
      if (n.contains(ip)) {
        return true;
      }
    }
    return false;
  }
}
