package dev.gingham.internal.policy.nft;

import dev.gingham.core.NftablesOptions;
import dev.gingham.core.PolicyRenderer;
import dev.gingham.internal.policy.LabelIndex;
import dev.gingham.internal.policy.PolicyDelta;
import dev.gingham.internal.policy.PolicyOrdering;
import dev.gingham.internal.policy.Scoping;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.Endpoint;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.FailsafePort;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.HostEndpoint;
import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.Policy;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.PolicyType;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Selector;
import dev.gingham.policy.Tier;
import dev.gingham.policy.WorkloadEndpoint;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Policy as one nftables table, maintained incrementally.
 *
 * <p>The layout (names are stable, so the same model renders to the same text):
 *
 * <ul>
 *   <li>Base chains {@code fwd-egress} (forward, priority 0) and {@code fwd-ingress} (forward,
 *       priority 1) check the sending workload's egress, then the receiving workload's ingress: an
 *       accept in the first ends only that chain. {@code input} and {@code output} do the same for
 *       traffic to and from the host, with the failsafe ports and host endpoints. Each starts by
 *       accepting established and related connections and dropping invalid ones.
 *   <li>A workload may send only from its addresses: the set {@code wl-addrs} of (interface,
 *       address) pairs is checked first. Dispatch then sends the interfaces in {@code wl-ifaces} to
 *       the policy chains of their kind ({@code we}, {@code wi}); an interface with the workload
 *       prefix that is not in the set is dropped, so dispatch fails closed. {@code he-ifaces} does
 *       it for host endpoints. (Sets, not verdict maps: see {@link #renderProfileDispatch}.)
 *   <li>Per direction and kind of endpoint ({@code we wi he hi}), one chain per tier, {@code
 *       t-TIER-V}: a jump to each policy's chain {@code p-ID-V} guarded by the named set {@code
 *       i-SEL} of the interfaces its selector matches, then an end-of-tier drop for the interfaces
 *       in {@code t-TIER-i|e} (those some policy of the tier applies to), then a goto to the next
 *       tier, and after the last to {@code prof-V}, which sends each endpoint, by its membership of
 *       {@code pm-ID}, to its profile list chain {@code pl-ID-i|e}. Allow accepts, Deny drops, Pass
 *       goes to the next tier.
 *   <li>Named sets {@code s-SEL} hold the addresses of the endpoints and network sets a rule
 *       selector matches, {@code n-ID} the nets of rules, {@code np-ID} the (address, protocol,
 *       port) of named ports. Equal selectors share a set.
 * </ul>
 *
 * <p>The rule count is linear in policies, rules and tiers and does not grow with endpoints at all:
 * everything about an endpoint (its dispatch, its addresses, which policies apply to it, which
 * selectors match it, its named ports) is a set element. Adding an endpoint or changing a label
 * therefore changes elements only, which the Linux packet filter sends to the kernel as one netlink
 * batch; only the first endpoint with a new list of profiles adds a chain.
 *
 * <p>With {@link NftablesOptions#localNode()} set, as in Calico's Felix, the endpoints of other
 * nodes are only members of the address sets {@code s-SEL} and named-port sets {@code np-ID}: they
 * have no dispatch, tier, policy or profile membership elements, so a node's ruleset holds per
 * endpoint state only for its own endpoints.
 *
 * <p>Only IPv4 is rendered: an endpoint with an IPv6 address is refused, and IPv6 traffic of
 * workloads is dropped. Not thread-safe.
 */
public final class NftPolicyRenderer implements PolicyRenderer {
  private static final TableState.SetDef IP_SET =
      new TableState.SetDef("ipv4_addr", null, List.of("interval"));
  private static final TableState.SetDef IFNAME_SET =
      new TableState.SetDef("ifname", null, List.of());
  private static final TableState.SetDef NAMED_PORT_SET =
      new TableState.SetDef("ipv4_addr . inet_proto . inet_service", null, List.of());
  private static final TableState.SetDef FAILSAFE_SET =
      new TableState.SetDef("inet_proto . inet_service", null, List.of());
  private static final TableState.SetDef ADDRESS_SET =
      new TableState.SetDef("ifname . ipv4_addr", null, List.of());

  private final NftablesOptions options;
  private TableState state;
  private LabelIndex<String> index;

  private final Map<String, Tier> tiers = new HashMap<>();
  private final Map<String, Policy> policies = new HashMap<>();
  private final Map<String, Profile> profiles = new HashMap<>();
  private final Map<String, NetworkSet> networkSets = new HashMap<>();
  private final Map<String, Endpoint> endpoints = new HashMap<>();
  private List<FailsafePort> failsafeIn = FailsafePort.DEFAULT_INBOUND;
  private List<FailsafePort> failsafeOut = FailsafePort.DEFAULT_OUTBOUND;

  /** The model the state is exactly, when it was last set from one; null otherwise. */
  private @Nullable PolicyModel applied;

  /** What each selector is used for. */
  private static final class Use {
    /** The name of its address set, made once: a match changes for every endpoint. */
    final String ipSet;

    int ip;
    int iface;
    final Map<NamedPortKey, Integer> namedPorts = new HashMap<>();
    final Map<String, Policy> appliesFor = new HashMap<>();
    boolean indexed;

    Use(String ipSet) {
      this.ipSet = ipSet;
    }

    boolean unused() {
      return ip == 0 && iface == 0 && namedPorts.isEmpty() && appliesFor.isEmpty();
    }
  }

  private final Map<Selector, Use> uses = new HashMap<>();
  private final Map<String, Integer> netsRefs = new HashMap<>();
  private final Map<String, PrefixUnion> ipSets = new HashMap<>();
  private final Map<String, Map<String, Integer>> counts = new HashMap<>();
  private final Map<String, Integer> profileListRefs = new HashMap<>();
  private final Map<String, List<String>> profileLists = new TreeMap<>();

  public NftPolicyRenderer(NftablesOptions options) {
    this.options = options;
    reset();
  }

  private void reset() {
    applied = null;
    state = new TableState(FilterFamily.INET, options.table());
    index = new LabelIndex<>(this::matchChanged);
    tiers.clear();
    policies.clear();
    profiles.clear();
    networkSets.clear();
    endpoints.clear();
    uses.clear();
    netsRefs.clear();
    ipSets.clear();
    counts.clear();
    profileListRefs.clear();
    profileLists.clear();
    baseObjects();
  }

  // ======================================================================== the interface

  @Override
  public FilterTransaction load(PolicyModel model) {
    validate(model.endpoints());
    reset();
    state.untracked();
    apply(deltaTo(model));
    applied = model;
    return state.full();
  }

  @Override
  public FilterTransaction update(PolicyModel model) {
    validate(model.endpoints());
    PolicyDelta d = deltaTo(model);
    applied = null;
    apply(d);
    applied = model;
    return state.commit();
  }

  /**
   * Changes the model by a delta; returns the incremental transaction. When the delta starts from
   * the very model this renderer last applied (by {@link #load}, {@link #update(PolicyModel)} or
   * this method, and no endpoint was put or removed since), it costs what the delta holds, plus the
   * rules and set elements those changes touch; otherwise it is {@link #update(PolicyModel)} with
   * the delta's target. Either way the renderer ends in the state a {@link #load} of {@code
   * delta.to()} gives.
   */
  public FilterTransaction update(PolicyDelta delta) {
    PolicyModel from = delta.from();
    if (from == null || from != applied) {
      return update(delta.to());
    }
    validate(delta.endpointsPut());
    applied = null;
    apply(delta);
    applied = delta.to();
    return state.commit();
  }

  @Override
  public FilterTransaction putEndpoint(Endpoint e) {
    validate(List.of(e));
    for (int i = 0; i < e.profiles().size(); i++) {
      if (!profiles.containsKey(e.profiles().get(i))) {
        throw new InvalidPolicyException(
            e.resource(),
            "spec.profiles[" + i + "]",
            "profile '" + e.profiles().get(i) + "' does not exist");
      }
    }
    for (Endpoint other : endpoints.values()) {
      if (other.interfaceName().equals(e.interfaceName())
          && !other.resource().equals(e.resource())) {
        throw new InvalidPolicyException(
            e.resource(),
            "spec.interfaceName",
            "interface '" + e.interfaceName() + "' is already " + other.resource() + "'s");
      }
    }
    Endpoint old = endpoints.get(e.resource());
    applied = null;
    if (old != null) {
      removeEndpointState(old);
    }
    addEndpointState(e);
    return state.commit();
  }

  @Override
  public FilterTransaction removeEndpoint(Endpoint e) {
    Endpoint old = endpoints.get(e.resource());
    applied = null;
    if (old != null) {
      removeEndpointState(old);
    }
    return state.commit();
  }

  @Override
  public FilterTransaction full() {
    return state.full();
  }

  @Override
  public FilterTransaction repair(FilterTable current) {
    List<FilterObject> present = new ArrayList<>();
    present.addAll(current.chains());
    present.addAll(current.sets());
    present.addAll(current.maps());
    List<FilterObject> strays = state.strays(present);
    if (strays.isEmpty() && inSync(current)) {
      return FilterTransaction.builder(FilterFamily.INET, options.table()).build();
    }
    FilterTransaction full = state.full();
    FilterTransaction.Builder tx = FilterTransaction.builder(FilterFamily.INET, options.table());
    // Empty the strays first (they may refer to each other), then state everything, then delete.
    strays.stream().filter(o -> !(o instanceof FilterObject.NamedSet)).forEach(tx::flush);
    full.operations().forEach(op -> tx.then(op.verb(), op.object()));
    strays.stream().filter(o -> o instanceof FilterObject.Chain).forEach(tx::delete);
    strays.stream().filter(o -> !(o instanceof FilterObject.Chain)).forEach(tx::delete);
    return tx.build();
  }

  private boolean inSync(FilterTable t) {
    Map<String, TableState.ChainDef> chains = state.chains();
    if (t.chains().size() != chains.size()
        || t.sets().size() + t.maps().size() != state.sets().size()) {
      return false;
    }
    for (FilterObject.Chain c : t.chains()) {
      TableState.ChainDef want = chains.get(c.name());
      if (want == null
          || !Objects.equals(want.hook(), c.hook())
          || t.rules().getOrDefault(c.name(), List.of()).size() != want.rules().size()) {
        return false;
      }
    }
    for (Map.Entry<String, Map<String, String>> e : state.elements().entrySet()) {
      List<FilterObject.Element> have = t.elements().getOrDefault(e.getKey(), List.of());
      if (have.size() != e.getValue().size()) {
        return false;
      }
      boolean isMap = state.sets().get(e.getKey()).valueType() != null;
      for (FilterObject.Element el : have) {
        String want = e.getValue().get(el.key());
        if (want == null || (isMap && !want.equals(el.value()))) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public PolicyModel model() {
    PolicyModel.Builder b = PolicyModel.builder().failsafe(failsafeIn, failsafeOut);
    new TreeMap<>(tiers).values().forEach(b::tier);
    new TreeMap<>(policies).values().forEach(b::policy);
    new TreeMap<>(profiles).values().forEach(b::profile);
    new TreeMap<>(networkSets).values().forEach(b::networkSet);
    new TreeMap<>(endpoints).values().forEach(b::endpoint);
    return b.build();
  }

  @Override
  public Stats stats() {
    return new Stats(
        state.chains().size(), state.ruleCount(), state.sets().size(), state.elementCount());
  }

  // ======================================================================== validation

  private void validate(List<Endpoint> eps) {
    for (Endpoint e : eps) {
      for (int i = 0; i < e.addresses().size(); i++) {
        IpAddress a = e.addresses().get(i);
        if (a.family() != IpFamily.IPV4) {
          throw new InvalidPolicyException(
              e.resource(),
              "spec.addresses[" + i + "]",
              "IPv6 address " + a + " is not rendered to nftables yet");
        }
      }
      boolean workloadName = e.interfaceName().startsWith(options.workloadInterfacePrefix());
      if (e instanceof WorkloadEndpoint && !workloadName) {
        throw new InvalidPolicyException(
            e.resource(),
            "spec.interfaceName",
            "'"
                + e.interfaceName()
                + "' does not start with the workload prefix '"
                + options.workloadInterfacePrefix()
                + "'");
      }
      if (e instanceof HostEndpoint && workloadName) {
        throw new InvalidPolicyException(
            e.resource(),
            "spec.interfaceName",
            "'" + e.interfaceName() + "' has the workload prefix, so it cannot be a host's");
      }
    }
  }

  // ======================================================================== model diff

  /**
   * Takes the renderer's state to the delta's target. The whole-model path ({@link
   * #update(PolicyModel)}, {@link #load}) computes the delta against the renderer's own maps, so
   * both paths run the very same changes.
   */
  private void apply(PolicyDelta d) {
    PolicyModel model = d.to();
    Map<String, Tier> newTiers = new HashMap<>();
    model.tiers().forEach(t -> newTiers.put(t.name(), t));
    boolean tiersChanged = !newTiers.equals(tiers);
    failsafe(model.failsafeInbound(), model.failsafeOutbound());

    // Tiers appear first and go last, so that policies always have theirs.
    for (Tier t : newTiers.values()) {
      if (!tiers.containsKey(t.name())) {
        state.putSet(tierSet(t.name(), PolicyType.INGRESS), IFNAME_SET);
        state.putSet(tierSet(t.name(), PolicyType.EGRESS), IFNAME_SET);
      }
    }
    tiers.putAll(newTiers);

    for (Profile p : d.profilesPut()) {
      Profile old = profiles.get(p.name());
      if (old != null) {
        profileUses(old, false);
      }
      profiles.put(p.name(), p);
      profileUses(p, true);
      renderProfile(p);
    }

    for (String name : d.networkSetsRemoved()) {
      NetworkSet old = networkSets.get(name);
      if (old != null) {
        removeNetworkSet(old);
      }
    }
    for (NetworkSet s : d.networkSetsPut()) {
      NetworkSet old = networkSets.get(s.resource());
      if (old != null) {
        removeNetworkSet(old);
      }
      addNetworkSet(s);
    }

    Set<String> dirtyTiers = new TreeSet<>();
    for (String name : d.policiesRemoved()) {
      Policy old = policies.get(name);
      if (old != null) {
        removePolicy(old);
        dirtyTiers.add(old.tier());
      }
    }
    for (Policy p : d.policiesPut()) {
      Policy old = policies.get(p.resource());
      if (old != null) {
        removePolicy(old);
        dirtyTiers.add(old.tier());
      }
    }
    for (Policy p : d.policiesPut()) {
      addPolicy(p);
      dirtyTiers.add(p.tier());
    }

    for (String name : d.endpointsRemoved()) {
      Endpoint old = endpoints.get(name);
      if (old != null) {
        removeEndpointState(old);
      }
    }
    for (Endpoint e : d.endpointsPut()) {
      Endpoint old = endpoints.get(e.resource());
      if (old != null) {
        removeEndpointState(old);
      }
    }
    for (Endpoint e : d.endpointsPut()) {
      addEndpointState(e);
    }

    for (String name : d.profilesRemoved()) {
      Profile p = profiles.remove(name);
      if (p != null) {
        profileUses(p, false);
        state.removeChain(profileChain(p.name(), PolicyType.INGRESS));
        state.removeChain(profileChain(p.name(), PolicyType.EGRESS));
      }
    }
    for (String t : new ArrayList<>(tiers.keySet())) {
      if (!newTiers.containsKey(t)) {
        tiers.remove(t);
        for (Variant v : Variant.values()) {
          state.removeChain(tierChain(t, v));
        }
        state.removeSet(tierSet(t, PolicyType.INGRESS));
        state.removeSet(tierSet(t, PolicyType.EGRESS));
      }
    }
    if (tiersChanged) {
      // Pass and the end of each tier go to the next tier: every tier and policy chain may change.
      dirtyTiers.addAll(tiers.keySet());
      policies.values().forEach(this::renderPolicy);
    }
    for (String t : dirtyTiers) {
      if (tiers.containsKey(t)) {
        renderTier(t);
      }
    }
    renderEntryChains();
  }

  /** The delta from the renderer's own state to a model. */
  private PolicyDelta deltaTo(PolicyModel model) {
    return PolicyDelta.between(applied, profiles, networkSets, policies, endpoints, model);
  }

  // ======================================================================== base objects

  private void baseObjects() {
    state.putSet("wl-ifaces", IFNAME_SET);
    state.putSet("wl-addrs", ADDRESS_SET);
    state.putSet("he-ifaces", IFNAME_SET);
    renderProfileDispatch();
    state.putSet("failsafe-in", FAILSAFE_SET);
    state.putSet("failsafe-out", FAILSAFE_SET);
    state.putSet("nat-pools", IP_SET);
    state.putSet("all-pools", IP_SET);
    options.natOutgoingPools().stream()
        .filter(p -> p.family() == IpFamily.IPV4)
        .forEach(p -> state.putElement("nat-pools", RuleText.element(p), ""));
    options.allPools().stream()
        .filter(p -> p.family() == IpFamily.IPV4)
        .forEach(p -> state.putElement("all-pools", RuleText.element(p), ""));
    failsafe(FailsafePort.DEFAULT_INBOUND, FailsafePort.DEFAULT_OUTBOUND);

    String wl = "\"" + options.workloadInterfacePrefix() + "*\"";
    List<String> ct = List.of("ct state established,related accept", "ct state invalid drop");
    // A workload may send only from its own IPv4 addresses; its IPv6 traffic is not rendered yet.
    String spoof = "iifname " + wl + " iifname . ip saddr != @wl-addrs drop";
    String v6From = "iifname " + wl + " meta nfproto ipv6 drop";
    String v6To = "oifname " + wl + " meta nfproto ipv6 drop";
    state.putChain(
        "fwd-egress",
        base(
            "forward",
            0,
            ct,
            v6From,
            spoof,
            "iifname @wl-ifaces goto we",
            "iifname " + wl + " drop"));
    state.putChain(
        "fwd-ingress",
        base("forward", 1, ct, v6To, "oifname @wl-ifaces goto wi", "oifname " + wl + " drop"));
    state.putChain(
        "input",
        base(
            "input",
            0,
            ct,
            v6From,
            spoof,
            "iifname @wl-ifaces goto we",
            "iifname " + wl + " drop",
            "meta l4proto . th dport @failsafe-in accept",
            "iifname @he-ifaces goto hi"));
    state.putChain(
        "output",
        base(
            "output",
            0,
            ct,
            v6To,
            "oifname @wl-ifaces goto wi",
            "oifname " + wl + " drop",
            "meta l4proto . th dport @failsafe-out accept",
            "oifname @he-ifaces goto he"));
    state.putChain(
        "nat-post",
        new TableState.ChainDef(
            new FilterObject.Hook("nat", "postrouting", 100, "accept"),
            List.of("ip saddr @nat-pools ip daddr != @all-pools masquerade")));
  }

  private static TableState.ChainDef base(
      String hook, int priority, List<String> ct, String... rules) {
    List<String> all = new ArrayList<>(ct);
    all.addAll(List.of(rules));
    return new TableState.ChainDef(new FilterObject.Hook("filter", hook, priority, "accept"), all);
  }

  private void failsafe(List<FailsafePort> in, List<FailsafePort> out) {
    for (FailsafePort f : failsafeIn) {
      state.removeElement("failsafe-in", failsafeElement(f));
    }
    for (FailsafePort f : failsafeOut) {
      state.removeElement("failsafe-out", failsafeElement(f));
    }
    failsafeIn = List.copyOf(in);
    failsafeOut = List.copyOf(out);
    for (FailsafePort f : failsafeIn) {
      state.putElement("failsafe-in", failsafeElement(f), "");
    }
    for (FailsafePort f : failsafeOut) {
      state.putElement("failsafe-out", failsafeElement(f), "");
    }
  }

  private static String failsafeElement(FailsafePort f) {
    return RuleText.protocolName(f.protocol()) + " . " + f.port();
  }

  // ======================================================================== names

  private static String tierSet(String tier, PolicyType t) {
    return "t-" + tier + "-" + Variant.dir(t);
  }

  private static String tierChain(String tier, Variant v) {
    return "t-" + tier + "-" + v.suffix;
  }

  private static String policyId(Policy p) {
    return Ids.of(p.resource());
  }

  private static String policyChain(Policy p, Variant v) {
    return "p-" + policyId(p) + "-" + v.suffix;
  }

  private static String profileChain(String profile, PolicyType t) {
    return "pr-" + Ids.of(profile) + "-" + Variant.dir(t);
  }

  private static String profileListChain(List<String> profiles, PolicyType t) {
    return "pl-" + Ids.of(String.join(",", profiles)) + "-" + Variant.dir(t);
  }

  private static String quote(String ifname) {
    return "\"" + ifname + "\"";
  }

  private List<Tier> orderedTiers() {
    List<Tier> ts = new ArrayList<>(tiers.values());
    ts.sort(PolicyOrdering.TIERS);
    return ts;
  }

  /** Where a packet goes after tier {@code tier} passes it. */
  private String next(String tier, Variant v) {
    List<Tier> ts = orderedTiers();
    for (int i = 0; i < ts.size(); i++) {
      if (ts.get(i).name().equals(tier)) {
        return i + 1 < ts.size() ? tierChain(ts.get(i + 1).name(), v) : "prof-" + v.suffix;
      }
    }
    throw new IllegalStateException("no tier " + tier);
  }

  // ======================================================================== chains

  private void renderEntryChains() {
    String first = orderedTiers().get(0).name();
    for (Variant v : Variant.values()) {
      state.putChain(
          v.suffix, new TableState.ChainDef(null, List.of("goto " + tierChain(first, v))));
    }
  }

  private void renderTier(String tier) {
    List<Policy> ps = new ArrayList<>();
    for (Policy p : policies.values()) {
      if (p.tier().equals(tier)) {
        ps.add(p);
      }
    }
    ps.sort(PolicyOrdering.POLICIES);
    for (Variant v : Variant.values()) {
      List<String> rules = new ArrayList<>();
      for (Policy p : ps) {
        if (applies(p, v)) {
          rules.add(
              v.ifname
                  + " @"
                  + RuleText.ifaceSet(Scoping.appliesTo(p))
                  + " jump "
                  + policyChain(p, v));
        }
      }
      rules.add(v.ifname + " @" + tierSet(tier, v.direction) + " drop");
      rules.add("goto " + next(tier, v));
      state.putChain(tierChain(tier, v), new TableState.ChainDef(null, rules));
    }
  }

  /** Whether a policy has a chain in a variant: host variants only hold global policies. */
  private static boolean applies(Policy p, Variant v) {
    return p.types().contains(v.direction) && (!v.host || p instanceof GlobalNetworkPolicy);
  }

  private void renderPolicy(Policy p) {
    for (Variant v : Variant.values()) {
      if (!applies(p, v)) {
        continue;
      }
      List<Rule> rules = v.direction == PolicyType.INGRESS ? p.ingress() : p.egress();
      List<String> bodies = new ArrayList<>();
      for (Rule r : rules) {
        String verdict;
        switch (r.action()) {
          case ALLOW:
            verdict = "accept";
            break;
          case DENY:
            verdict = "drop";
            break;
          case PASS:
            verdict = "goto " + next(p.tier(), v);
            break;
          default:
            verdict = "log prefix \"gingham " + policyId(p) + " \"";
        }
        bodies.addAll(RuleText.bodies(r, p.namespace(), verdict));
      }
      state.putChain(policyChain(p, v), new TableState.ChainDef(null, bodies));
    }
  }

  private void renderProfile(Profile p) {
    for (PolicyType t : PolicyType.values()) {
      List<String> bodies = new ArrayList<>();
      for (Rule r : t == PolicyType.INGRESS ? p.ingress() : p.egress()) {
        String verdict =
            r.action() == Action.ALLOW
                ? "accept"
                : r.action() == Action.DENY
                    ? "drop"
                    : r.action() == Action.PASS
                        ? "return"
                        : "log prefix \"gingham " + Ids.of(p.name()) + " \"";
        bodies.addAll(RuleText.bodies(r, null, verdict));
      }
      state.putChain(profileChain(p.name(), t), new TableState.ChainDef(null, bodies));
    }
  }

  // ======================================================================== policies

  private void addPolicy(Policy p) {
    policies.put(p.resource(), p);
    Selector applies = Scoping.appliesTo(p);
    Use u = use(applies);
    if (u.iface++ == 0) {
      state.putSet(RuleText.ifaceSet(applies), IFNAME_SET);
      for (String k : index.matches(applies)) {
        Endpoint e = endpoints.get(k);
        if (e != null && local(e)) {
          count(RuleText.ifaceSet(applies), quote(e.interfaceName()), true);
        }
      }
    }
    u.appliesFor.put(p.resource(), p);
    for (String k : index.matches(applies)) {
      tierMembership(p, endpoints.get(k), true);
    }
    indexIfNew(applies, u);
    ruleUses(p.ingress(), p.namespace(), true);
    ruleUses(p.egress(), p.namespace(), true);
    renderPolicy(p);
  }

  private void removePolicy(Policy p) {
    Selector applies = Scoping.appliesTo(p);
    Use u = uses.get(applies);
    for (String k : index.matches(applies)) {
      tierMembership(p, endpoints.get(k), false);
    }
    u.appliesFor.remove(p.resource());
    if (--u.iface == 0) {
      state.removeSet(RuleText.ifaceSet(applies));
      counts.remove(RuleText.ifaceSet(applies));
    }
    releaseIfUnused(applies, u);
    ruleUses(p.ingress(), p.namespace(), false);
    ruleUses(p.egress(), p.namespace(), false);
    for (Variant v : Variant.values()) {
      state.removeChain(policyChain(p, v));
    }
    policies.remove(p.resource());
  }

  private void tierMembership(Policy p, Endpoint e, boolean add) {
    if (e == null || !local(e)) {
      return; // a network set or a remote endpoint: policies apply to local endpoints only
    }
    for (PolicyType t : p.types()) {
      count(tierSet(p.tier(), t), quote(e.interfaceName()), add);
    }
  }

  private void profileUses(Profile p, boolean add) {
    ruleUses(p.ingress(), null, add);
    ruleUses(p.egress(), null, add);
  }

  private void ruleUses(List<Rule> rules, String namespace, boolean add) {
    for (Rule r : rules) {
      RuleText.uses(
          r,
          namespace,
          new RuleText.Uses() {
            @Override
            public void selector(Selector s) {
              if (add) {
                useIp(s);
              } else {
                unuseIp(s);
              }
            }

            @Override
            public void nets(List<IpPrefix> v4) {
              String name = RuleText.netsSet(v4);
              if (add) {
                if (netsRefs.merge(name, 1, Integer::sum) == 1) {
                  state.putSet(name, IP_SET);
                  PrefixUnion union = new PrefixUnion();
                  ipSets.put(name, union);
                  v4.forEach(n -> ipChange(name, n, true));
                }
              } else if (netsRefs.merge(name, -1, Integer::sum) == 0) {
                netsRefs.remove(name);
                ipSets.remove(name);
                state.removeSet(name);
              }
            }

            @Override
            public void namedPorts(NamedPortKey k) {
              if (add) {
                useNamedPorts(k);
              } else {
                unuseNamedPorts(k);
              }
            }
          });
    }
  }

  // ======================================================================== selector uses

  private Use use(Selector s) {
    return uses.computeIfAbsent(s, x -> new Use(RuleText.selectorSet(x)));
  }

  private void indexIfNew(Selector s, Use u) {
    if (!u.indexed) {
      u.indexed = true;
      index.addSelector(s); // reports the current matches to matchChanged
    }
  }

  private void releaseIfUnused(Selector s, Use u) {
    if (u.unused()) {
      uses.remove(s);
      index.removeSelector(s); // its reports find no use and change nothing
    }
  }

  private void useIp(Selector s) {
    Use u = use(s);
    if (u.ip++ == 0) {
      String name = RuleText.selectorSet(s);
      state.putSet(name, IP_SET);
      ipSets.put(name, new PrefixUnion());
      for (String k : index.matches(s)) {
        prefixes(k).forEach(p -> ipChange(name, p, true));
      }
    }
    indexIfNew(s, u);
  }

  private void unuseIp(Selector s) {
    Use u = uses.get(s);
    if (--u.ip == 0) {
      String name = RuleText.selectorSet(s);
      ipSets.remove(name);
      state.removeSet(name);
    }
    releaseIfUnused(s, u);
  }

  private void useNamedPorts(NamedPortKey k) {
    Use u = use(k.selector());
    if (u.namedPorts.merge(k, 1, Integer::sum) == 1) {
      state.putSet(k.setName(), NAMED_PORT_SET);
      for (String e : index.matches(k.selector())) {
        namedPortElements(k, endpoints.get(e), true);
      }
    }
    indexIfNew(k.selector(), u);
  }

  private void unuseNamedPorts(NamedPortKey k) {
    Use u = uses.get(k.selector());
    if (u.namedPorts.merge(k, -1, Integer::sum) == 0) {
      u.namedPorts.remove(k);
      state.removeSet(k.setName());
      counts.remove(k.setName());
    }
    releaseIfUnused(k.selector(), u);
  }

  private void namedPortElements(NamedPortKey k, Endpoint e, boolean add) {
    if (e == null) {
      return;
    }
    for (EndpointPort p : e.ports()) {
      if (p.protocol().equals(k.protocol()) && k.names().contains(p.name())) {
        for (IpAddress a : e.addresses()) {
          count(
              k.setName(), a + " . " + RuleText.protocolName(p.protocol()) + " . " + p.port(), add);
        }
      }
    }
  }

  /** The label index reports a change of match: the sets that follow the selector follow it. */
  private void matchChanged(Selector s, String key, boolean matches) {
    Use u = uses.get(s);
    if (u == null) {
      return;
    }
    if (u.ip > 0) {
      for (IpPrefix p : prefixes(key)) {
        ipChange(u.ipSet, p, matches);
      }
    }
    Endpoint e = endpoints.get(key);
    if (e == null) {
      return;
    }
    if (u.iface > 0 && local(e)) {
      count(RuleText.ifaceSet(s), quote(e.interfaceName()), matches);
    }
    for (NamedPortKey k : u.namedPorts.keySet()) {
      namedPortElements(k, e, matches);
    }
    for (Policy p : u.appliesFor.values()) {
      tierMembership(p, e, matches);
    }
  }

  private List<IpPrefix> prefixes(String key) {
    Endpoint e = endpoints.get(key);
    if (e != null) {
      List<IpAddress> as = e.addresses();
      if (as.size() == 1) {
        return List.of(as.get(0).toPrefix()); // the common case, without a stream
      }
      List<IpPrefix> out = new ArrayList<>(as.size());
      for (IpAddress a : as) {
        out.add(a.toPrefix());
      }
      return out;
    }
    NetworkSet s = networkSets.get(key);
    return s == null ? List.of() : RuleText.v4(s.nets());
  }

  private void ipChange(String set, IpPrefix p, boolean add) {
    PrefixUnion u = ipSets.get(set);
    java.util.function.BiConsumer<IpPrefix, Boolean> change =
        (q, added) -> {
          if (added) {
            // Interned: a group's agents each hold every endpoint's address in their sets.
            state.putElement(set, RuleText.element(q).intern(), "");
          } else {
            state.removeElement(set, RuleText.element(q));
          }
        };
    if (add) {
      u.add(p, change);
    } else {
      u.remove(p, change);
    }
  }

  private void count(String set, String element, boolean add) {
    Map<String, Integer> c = counts.computeIfAbsent(set, k -> new HashMap<>());
    if (add) {
      if (c.merge(element, 1, Integer::sum) == 1) {
        state.putElement(set, element, "");
      }
    } else {
      Integer n = c.get(element);
      if (n == null) {
        throw new IllegalStateException("element " + element + " of " + set + " was never added");
      }
      if (n == 1) {
        c.remove(element);
        state.removeElement(set, element);
      } else {
        c.put(element, n - 1);
      }
    }
  }

  // ======================================================================== entities

  private void addNetworkSet(NetworkSet s) {
    networkSets.put(s.resource(), s);
    index.putEntity(s.resource(), Scoping.effectiveLabels(s, profiles::get));
  }

  private void removeNetworkSet(NetworkSet s) {
    index.removeEntity(s.resource());
    networkSets.remove(s.resource());
  }

  private void addEndpointState(Endpoint e) {
    // Interned: every agent of a group renders every endpoint of the cluster, and resource() makes
    // a new string each call; one shared key instead of one per map and agent (the JVM's string
    // table holds it weakly).
    String key = e.resource().intern();
    endpoints.put(key, e);
    index.putEntity(key, Scoping.effectiveLabels(e, profiles::get));
    if (!local(e)) {
      return; // another node's: only its addresses and named ports, through the label index
    }
    String iface = quote(e.interfaceName());
    if (e instanceof WorkloadEndpoint) {
      for (IpAddress a : e.addresses()) {
        state.putElement("wl-addrs", iface + " . " + a, "");
      }
      state.putElement("wl-ifaces", iface, "");
    } else {
      state.putElement("he-ifaces", iface, "");
    }
    profileList(e, true);
  }

  private void removeEndpointState(Endpoint e) {
    index.removeEntity(e.resource());
    if (local(e)) {
      String iface = quote(e.interfaceName());
      if (e instanceof WorkloadEndpoint) {
        for (IpAddress a : e.addresses()) {
          state.removeElement("wl-addrs", iface + " . " + a);
        }
        state.removeElement("wl-ifaces", iface);
      } else {
        state.removeElement("he-ifaces", iface);
      }
      profileList(e, false);
    }
    endpoints.remove(e.resource());
  }

  /**
   * Whether everything about an endpoint is rendered (dispatch, policy and profile membership), or
   * only its addresses and named ports: the former on its own node, or with no local node set.
   */
  private boolean local(Endpoint e) {
    String self = options.localNode();
    return self == null || e.node() == null || self.equals(e.node());
  }

  /**
   * Files an endpoint under its list of profiles: the set {@code pm-ID} of the interfaces with that
   * list, and the chains {@code pl-ID-i|e} that jump to each profile in turn, made with the first
   * endpoint that has the list and removed with the last.
   */
  private void profileList(Endpoint e, boolean add) {
    if (e.profiles().isEmpty()) {
      return;
    }
    String id = Ids.of(String.join(",", e.profiles()));
    String set = "pm-" + id;
    String iface = quote(e.interfaceName());
    if (add) {
      if (profileListRefs.merge(id, 1, Integer::sum) == 1) {
        profileLists.put(id, e.profiles());
        state.putSet(set, IFNAME_SET);
        for (PolicyType t : PolicyType.values()) {
          List<String> rules = new ArrayList<>();
          for (String p : e.profiles()) {
            rules.add("jump " + profileChain(p, t));
          }
          rules.add("drop");
          state.putChain("pl-" + id + "-" + Variant.dir(t), new TableState.ChainDef(null, rules));
        }
        renderProfileDispatch();
      }
      state.putElement(set, iface, "");
    } else {
      state.removeElement(set, iface);
      if (profileListRefs.merge(id, -1, Integer::sum) == 0) {
        profileListRefs.remove(id);
        profileLists.remove(id);
        state.removeChain("pl-" + id + "-i");
        state.removeChain("pl-" + id + "-e");
        state.removeSet(set);
        renderProfileDispatch();
      }
    }
  }

  /**
   * The profile stage of each variant: a goto to its profile list chain for each list in use, by
   * membership of the interface; an endpoint without profiles is then allowed if a workload, and
   * denied if a host endpoint. Set membership rather than a verdict map, because a jump or goto
   * element in a map makes the kernel validate the whole chain graph on each change, milliseconds
   * at scale.
   */
  private void renderProfileDispatch() {
    for (Variant v : Variant.values()) {
      List<String> rules = new ArrayList<>();
      for (String id : profileLists.keySet()) {
        rules.add(v.ifname + " @pm-" + id + " goto pl-" + id + "-" + Variant.dir(v.direction));
      }
      rules.add(v.host ? "drop" : "accept");
      state.putChain("prof-" + v.suffix, new TableState.ChainDef(null, rules));
    }
  }

  /** For tests: the model the state was last set from exactly, or null. */
  @Nullable PolicyModel applied() {
    return applied;
  }

  /** For tests: the labels the renderer sees on an endpoint, or null. */
  @Nullable Labels labelsOf(String resource) {
    return index.labels(resource);
  }

  /** For tests: the rendered chains in name order. */
  Map<String, List<String>> chains() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    new TreeMap<>(state.chains()).forEach((n, c) -> out.put(n, c.rules()));
    return out;
  }
}
