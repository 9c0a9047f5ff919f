package dev.gingham.internal.policy;

import dev.gingham.policy.Endpoint;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.Policy;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What changed from one policy model to the next: the profiles, network sets, policies and
 * endpoints put (new or changed) and removed, by name. Tiers and failsafe ports are few, so a
 * renderer takes them whole from {@link #to()}.
 *
 * <p>An entity whose effective labels change because a profile's {@code labelsToApply} changed (an
 * endpoint with that profile, a network set in that namespace) counts as put even when it is equal
 * itself, so that a renderer that applies the delta needs nothing but the delta and its own state.
 *
 * <p>Computed once per change of the model, it lets every renderer that applied {@link #from()}
 * follow at the cost of the change, not of the model. Immutable.
 */
public final class PolicyDelta {
  private final @Nullable PolicyModel from;
  private final PolicyModel to;
  private final List<Profile> profilesPut;
  private final List<String> profilesRemoved;
  private final List<NetworkSet> networkSetsPut;
  private final List<String> networkSetsRemoved;
  private final List<Policy> policiesPut;
  private final List<String> policiesRemoved;
  private final List<Endpoint> endpointsPut;
  private final List<String> endpointsRemoved;

  private PolicyDelta(
      @Nullable PolicyModel from,
      PolicyModel to,
      List<Profile> profilesPut,
      List<String> profilesRemoved,
      List<NetworkSet> networkSetsPut,
      List<String> networkSetsRemoved,
      List<Policy> policiesPut,
      List<String> policiesRemoved,
      List<Endpoint> endpointsPut,
      List<String> endpointsRemoved) {
    this.from = from;
    this.to = to;
    this.profilesPut = List.copyOf(profilesPut);
    this.profilesRemoved = List.copyOf(profilesRemoved);
    this.networkSetsPut = List.copyOf(networkSetsPut);
    this.networkSetsRemoved = List.copyOf(networkSetsRemoved);
    this.policiesPut = List.copyOf(policiesPut);
    this.policiesRemoved = List.copyOf(policiesRemoved);
    this.endpointsPut = List.copyOf(endpointsPut);
    this.endpointsRemoved = List.copyOf(endpointsRemoved);
  }

  /** The delta from one model to another. */
  public static PolicyDelta between(PolicyModel from, PolicyModel to) {
    Map<String, Profile> profiles = new HashMap<>();
    from.profiles().forEach(p -> profiles.put(p.name(), p));
    Map<String, NetworkSet> sets = new HashMap<>();
    from.networkSets().forEach(s -> sets.put(s.resource(), s));
    Map<String, Policy> policies = new HashMap<>();
    from.policies().forEach(p -> policies.put(p.resource(), p));
    Map<String, Endpoint> endpoints = new HashMap<>(from.endpoints().size() * 4 / 3 + 1);
    from.endpoints().forEach(e -> endpoints.put(e.resource(), e));
    return between(from, profiles, sets, policies, endpoints, to);
  }

  /**
   * The delta from a state given by name (a renderer's own: the maps are read, not kept) to a
   * model; {@link #from()} is then {@code from}, which may be null when that state is no model.
   */
  public static PolicyDelta between(
      @Nullable PolicyModel from,
      Map<String, Profile> profiles,
      Map<String, NetworkSet> networkSets,
      Map<String, Policy> policies,
      Map<String, Endpoint> endpoints,
      PolicyModel to) {
    List<Profile> profilesPut = new ArrayList<>();
    Set<String> relabelled = new HashSet<>();
    Set<String> profileNames = new HashSet<>();
    for (Profile p : to.profiles()) {
      profileNames.add(p.name());
      Profile old = profiles.get(p.name());
      if (old == null || !old.equals(p)) {
        profilesPut.add(p);
        if (old != null && !old.labelsToApply().equals(p.labelsToApply())) {
          relabelled.add(p.name());
        }
      }
    }
    List<NetworkSet> setsPut = new ArrayList<>();
    Set<String> setNames = new HashSet<>();
    for (NetworkSet s : to.networkSets()) {
      setNames.add(s.resource());
      NetworkSet old = networkSets.get(s.resource());
      boolean inherits =
          s.namespace() != null && relabelled.contains(Scoping.namespaceProfile(s.namespace()));
      if (old == null || !old.equals(s) || inherits) {
        setsPut.add(s);
      }
    }
    List<Policy> policiesPut = new ArrayList<>();
    Set<String> policyNames = new HashSet<>();
    for (Policy p : to.policies()) {
      policyNames.add(p.resource());
      Policy old = policies.get(p.resource());
      if (old == null || !old.equals(p)) {
        policiesPut.add(p);
      }
    }
    List<Endpoint> endpointsPut = new ArrayList<>();
    Set<String> endpointNames = new HashSet<>(to.endpoints().size() * 4 / 3 + 1);
    for (Endpoint e : to.endpoints()) {
      // The key is made once: resource() concatenates.
      String key = e.resource();
      endpointNames.add(key);
      Endpoint old = endpoints.get(key);
      boolean inherits =
          !relabelled.isEmpty() && e.profiles().stream().anyMatch(relabelled::contains);
      // An unchanged resource makes the very same endpoint object: no field to compare.
      if (old == null || (old != e && !old.equals(e)) || inherits) {
        endpointsPut.add(e);
      }
    }
    return new PolicyDelta(
        from,
        to,
        profilesPut,
        missing(profiles.keySet(), profileNames),
        setsPut,
        missing(networkSets.keySet(), setNames),
        policiesPut,
        missing(policies.keySet(), policyNames),
        endpointsPut,
        missing(endpoints.keySet(), endpointNames));
  }

  private static List<String> missing(Set<String> had, Set<String> has) {
    List<String> out = new ArrayList<>();
    for (String k : had) {
      if (!has.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /** The model this delta starts from; null when it was computed from a state that is none. */
  public @Nullable PolicyModel from() {
    return from;
  }

  /** The model this delta leads to. */
  public PolicyModel to() {
    return to;
  }

  /** Profiles new or changed. */
  public List<Profile> profilesPut() {
    return profilesPut;
  }

  /** Names of the profiles gone. */
  public List<String> profilesRemoved() {
    return profilesRemoved;
  }

  /** Network sets new, changed, or with changed inherited labels. */
  public List<NetworkSet> networkSetsPut() {
    return networkSetsPut;
  }

  /** Names ({@code resource()}) of the network sets gone. */
  public List<String> networkSetsRemoved() {
    return networkSetsRemoved;
  }

  /** Policies new or changed. */
  public List<Policy> policiesPut() {
    return policiesPut;
  }

  /** Names ({@code resource()}) of the policies gone. */
  public List<String> policiesRemoved() {
    return policiesRemoved;
  }

  /** Endpoints new, changed, or with changed inherited labels. */
  public List<Endpoint> endpointsPut() {
    return endpointsPut;
  }

  /** Names ({@code resource()}) of the endpoints gone. */
  public List<String> endpointsRemoved() {
    return endpointsRemoved;
  }

  /** How many entities it puts or removes. */
  public int size() {
    return profilesPut.size()
        + profilesRemoved.size()
        + networkSetsPut.size()
        + networkSetsRemoved.size()
        + policiesPut.size()
        + policiesRemoved.size()
        + endpointsPut.size()
        + endpointsRemoved.size();
  }

  @Override
  public String toString() {
    return "PolicyDelta[profiles +"
        + profilesPut.size()
        + " -"
        + profilesRemoved.size()
        + ", network sets +"
        + networkSetsPut.size()
        + " -"
        + networkSetsRemoved.size()
        + ", policies +"
        + policiesPut.size()
        + " -"
        + policiesRemoved.size()
        + ", endpoints +"
        + endpointsPut.size()
        + " -"
        + endpointsRemoved.size()
        + "]";
  }
}
