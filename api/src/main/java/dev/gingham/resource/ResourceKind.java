package dev.gingham.resource;

import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A kind of resource, typed by its spec: {@code ResourceKind<IpPool>} is the kind of resources
 * whose spec is an {@link IpPool}. The constants are the only instances; compare them with {@code
 * ==}.
 *
 * <p>{@link #all()} lists them in dependency order: a kind comes after the kinds its resources may
 * refer to (a policy after its tier, an endpoint after its profiles), which is the order a file is
 * written in and the reverse of the order it is deleted in.
 *
 * <p>The kinds kept by IPAM ({@link #keptByIpam()}: IPPool, IPReservation and IPAMConfiguration)
 * live in IPAM's own records, which hold no labels, annotations, uid or creation time: their
 * metadata is the name alone. Thread-safe: immutable.
 */
public final class ResourceKind<T> {

  /** IPAM's settings (Calico's {@code IPAMConfiguration}); one resource, named {@code default}. */
  public static final ResourceKind<IpamConfig> IPAM_CONFIGURATION =
      new ResourceKind<>(
          "IPAMConfiguration",
          "ipamconfigurations",
          false,
          true,
          IpamConfig.class,
          c -> null,
          List.of("ipamconfig", "ipamconfigs"));

  /** An address pool. */
  public static final ResourceKind<IpPool> IP_POOL =
      new ResourceKind<>(
          "IPPool", "ippools", false, true, IpPool.class, IpPool::name, List.of("pool", "pools"));

  /** Addresses never handed out. */
  public static final ResourceKind<IpReservation> IP_RESERVATION =
      new ResourceKind<>(
          "IPReservation",
          "ipreservations",
          false,
          true,
          IpReservation.class,
          IpReservation::name,
          List.of("reservation", "reservations"));

  /** BGP settings, cluster-wide ({@code default}) or for one node ({@code node.NAME}). */
  public static final ResourceKind<BgpConfigurationSpec> BGP_CONFIGURATION =
      new ResourceKind<>(
          "BGPConfiguration",
          "bgpconfigurations",
          false,
          false,
          BgpConfigurationSpec.class,
          c -> null,
          List.of("bgpconfig", "bgpconfigs"));

  /** A BGP peering, for every node or for some. */
  public static final ResourceKind<BgpPeerSpec> BGP_PEER =
      new ResourceKind<>(
          "BGPPeer", "bgppeers", false, false, BgpPeerSpec.class, p -> null, List.of("bgpp"));

  /** A node of the cluster: its BGP addresses, AS and tunnel addresses. */
  public static final ResourceKind<NodeSpec> NODE =
      new ResourceKind<>("Node", "nodes", false, false, NodeSpec.class, n -> null, List.of("no"));

  /** An ordered group of policies. */
  public static final ResourceKind<Tier> TIER =
      new ResourceKind<>("Tier", "tiers", false, false, Tier.class, Tier::name, List.of());

  /** Rules and labels that endpoints take on by naming the profile. */
  public static final ResourceKind<Profile> PROFILE =
      new ResourceKind<>(
          "Profile", "profiles", false, false, Profile.class, Profile::name, List.of("pro"));

  /** Labelled address ranges, cluster-wide. */
  public static final ResourceKind<NetworkSet> GLOBAL_NETWORK_SET =
      new ResourceKind<>(
          "GlobalNetworkSet",
          "globalnetworksets",
          false,
          false,
          NetworkSet.class,
          NetworkSet::name,
          List.of("gns"));

  /** Labelled address ranges in a namespace. */
  public static final ResourceKind<NetworkSet> NETWORK_SET =
      new ResourceKind<>(
          "NetworkSet",
          "networksets",
          true,
          false,
          NetworkSet.class,
          NetworkSet::name,
          List.of("netset", "netsets"));

  /** A cluster-wide policy. */
  public static final ResourceKind<GlobalNetworkPolicy> GLOBAL_NETWORK_POLICY =
      new ResourceKind<>(
          "GlobalNetworkPolicy",
          "globalnetworkpolicies",
          false,
          false,
          GlobalNetworkPolicy.class,
          GlobalNetworkPolicy::name,
          List.of("gnp"));

  /** A policy in a namespace. */
  public static final ResourceKind<NetworkPolicy> NETWORK_POLICY =
      new ResourceKind<>(
          "NetworkPolicy",
          "networkpolicies",
          true,
          false,
          NetworkPolicy.class,
          NetworkPolicy::name,
          List.of("policy", "policies", "np", "cnp"));

  /** A host's interface under policy. */
  public static final ResourceKind<HostEndpointSpec> HOST_ENDPOINT =
      new ResourceKind<>(
          "HostEndpoint",
          "hostendpoints",
          false,
          false,
          HostEndpointSpec.class,
          h -> null,
          List.of("hep", "heps"));

  /** A workload's interface: a pod, container or VM. */
  public static final ResourceKind<WorkloadEndpointSpec> WORKLOAD_ENDPOINT =
      new ResourceKind<>(
          "WorkloadEndpoint",
          "workloadendpoints",
          true,
          false,
          WorkloadEndpointSpec.class,
          w -> null,
          List.of("wep", "weps"));

  private static final List<ResourceKind<?>> ALL =
      List.of(
          IPAM_CONFIGURATION,
          IP_POOL,
          IP_RESERVATION,
          BGP_CONFIGURATION,
          BGP_PEER,
          NODE,
          TIER,
          PROFILE,
          GLOBAL_NETWORK_SET,
          NETWORK_SET,
          GLOBAL_NETWORK_POLICY,
          NETWORK_POLICY,
          HOST_ENDPOINT,
          WORKLOAD_ENDPOINT);

  private static final Map<String, ResourceKind<?>> BY_NAME = new LinkedHashMap<>();
  private static final Map<String, ResourceKind<?>> BY_ALIAS = new LinkedHashMap<>();

  static {
    for (ResourceKind<?> k : ALL) {
      BY_NAME.put(k.name, k);
      BY_ALIAS.put(k.name.toLowerCase(Locale.ROOT), k);
      BY_ALIAS.put(k.plural, k);
      for (String alias : k.aliases) {
        BY_ALIAS.put(alias, k);
      }
    }
  }

  private final String name;
  private final String plural;
  private final boolean namespaced;
  private final boolean keptByIpam;
  private final Class<T> specType;
  private final Function<T, @Nullable String> specName;
  private final List<String> aliases;

  private ResourceKind(
      String name,
      String plural,
      boolean namespaced,
      boolean keptByIpam,
      Class<T> specType,
      Function<T, @Nullable String> specName,
      List<String> aliases) {
    this.name = name;
    this.plural = plural;
    this.namespaced = namespaced;
    this.keptByIpam = keptByIpam;
    this.specType = specType;
    this.specName = specName;
    this.aliases = aliases;
  }

  /** Every kind, in dependency order (see the class description). */
  public static List<ResourceKind<?>> all() {
    return ALL;
  }

  /**
   * The kind with this name exactly as documents write it ({@code IPPool}, {@code NetworkPolicy}).
   */
  public static Optional<ResourceKind<?>> forName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * The kind a user names on a command line: its name in any case, its plural ({@code ippools}) or
   * a short alias ({@code pool}, {@code gnp}, {@code wep}).
   *
   * @throws IllegalArgumentException naming the text and listing the kinds
   */
  public static ResourceKind<?> parse(String text) {
    ResourceKind<?> k = BY_ALIAS.get(text.toLowerCase(Locale.ROOT));
    if (k == null) {
      List<String> names = new ArrayList<>();
      for (ResourceKind<?> each : ALL) {
        names.add(each.plural);
      }
      throw new IllegalArgumentException(
          "unknown resource kind '" + text + "'; the kinds are " + String.join(", ", names));
    }
    return k;
  }

  /** The name documents use: {@code IPPool}. */
  public String name() {
    return name;
  }

  /** The plural in lower case, as keys and command lines use it: {@code ippools}. */
  public String plural() {
    return plural;
  }

  /** The short names a command line accepts besides the name and plural. */
  public List<String> aliases() {
    return aliases;
  }

  /** Whether resources of this kind live in a namespace. */
  public boolean namespaced() {
    return namespaced;
  }

  /**
   * Whether IPAM keeps these resources in its own records: then their metadata is the name alone,
   * and writing them goes through IPAM's rules (no overlapping pools, no change of a pool's CIDR).
   */
  public boolean keptByIpam() {
    return keptByIpam;
  }

  /** The class of the spec. */
  public Class<T> specType() {
    return specType;
  }

  /**
   * The spec as this kind's spec type.
   *
   * @throws ClassCastException if it is not one
   */
  public T cast(Object spec) {
    return specType.cast(spec);
  }

  /** The name a spec carries itself (an {@link IpPool}'s, a policy's), or null when it has none. */
  @Nullable String nameInSpec(T spec) {
    return specName.apply(spec);
  }

  @Override
  public String toString() {
    return name;
  }
}
