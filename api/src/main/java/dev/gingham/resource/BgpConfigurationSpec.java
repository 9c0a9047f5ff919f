package dev.gingham.resource;

import dev.gingham.bgp.Community;
import dev.gingham.bgp.LargeCommunity;
import dev.gingham.net.IpPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * BGP settings (Calico's {@code BGPConfiguration}): the resource named {@code default} holds the
 * cluster's, one named {@code node.NAME} a node's own. Unset values (null) take the default's, then
 * Calico's defaults (mesh on, AS 64512, port 179). Immutable; build one with {@link #builder()}.
 *
 * @param logSeverityScreen {@code Debug}, {@code Info}, {@code Warning}, {@code Error} or {@code
 *     Fatal}, or null
 * @param nodeToNodeMeshEnabled whether every node peers with every other, or null
 * @param asNumber the nodes' default AS, or null
 * @param serviceClusterIps service cluster ranges the nodes advertise
 * @param serviceExternalIps service external ranges the nodes advertise
 * @param serviceLoadBalancerIps service load-balancer ranges the nodes advertise
 * @param listenPort the port BGP listens on, or null
 * @param bindMode whether BGP listens on the node's address only, or null
 * @param communities named community values
 * @param prefixAdvertisements communities to attach to the routes of some prefixes
 * @param ignoredInterfaces interfaces (globs allowed) whose addresses are not advertised
 * @param nodeMeshMaxRestartTime the graceful-restart time of mesh sessions, or null
 */
public record BgpConfigurationSpec(
    @Nullable String logSeverityScreen,
    @Nullable Boolean nodeToNodeMeshEnabled,
    @Nullable Long asNumber,
    List<IpPrefix> serviceClusterIps,
    List<IpPrefix> serviceExternalIps,
    List<IpPrefix> serviceLoadBalancerIps,
    @Nullable Integer listenPort,
    @Nullable BindMode bindMode,
    List<NamedCommunity> communities,
    List<PrefixAdvertisement> prefixAdvertisements,
    List<String> ignoredInterfaces,
    @Nullable Duration nodeMeshMaxRestartTime) {

  /** The log severities Calico accepts. */
  public static final List<String> LOG_SEVERITIES =
      List.of("Debug", "Info", "Warning", "Error", "Fatal");

  /** Whether BGP listens on every address or the node's own. */
  public enum BindMode {
    /** Every address. */
    NONE("None"),
    /** The node's BGP address only. */
    NODE_IP("NodeIP");

    private final String text;

    BindMode(String text) {
      this.text = text;
    }

    /** Calico's spelling. */
    public String text() {
      return text;
    }

    /**
     * The mode Calico spells this way.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static BindMode parse(String text) {
      for (BindMode m : values()) {
        if (m.text.equals(text)) {
          return m;
        }
      }
      throw new IllegalArgumentException("bind mode must be None or NodeIP, was '" + text + "'");
    }
  }

  /**
   * A community value with a name that prefix advertisements refer to.
   *
   * @param name the name: 1 to 63 characters of {@code A-Z a-z 0-9 - _ .}
   * @param value a community ({@code 65001:100}) or a large community ({@code 65001:100:7})
   */
  public record NamedCommunity(String name, String value) {
    public NamedCommunity {
      requireCommunityName(name);
      requireCommunityValue(value);
    }
  }

  /**
   * Communities attached to the routes of a prefix.
   *
   * @param cidr the prefix
   * @param communities names of {@link NamedCommunity named communities}, or community values
   */
  public record PrefixAdvertisement(IpPrefix cidr, List<String> communities) {
    public PrefixAdvertisement {
      Objects.requireNonNull(cidr, "cidr");
      communities = List.copyOf(communities);
    }
  }

  public BgpConfigurationSpec {
    serviceClusterIps = List.copyOf(serviceClusterIps);
    serviceExternalIps = List.copyOf(serviceExternalIps);
    serviceLoadBalancerIps = List.copyOf(serviceLoadBalancerIps);
    communities = List.copyOf(communities);
    prefixAdvertisements = List.copyOf(prefixAdvertisements);
    ignoredInterfaces = List.copyOf(ignoredInterfaces);
    if (logSeverityScreen != null && !LOG_SEVERITIES.contains(logSeverityScreen)) {
      throw new InvalidResourceException(
          "spec.logSeverityScreen",
          "must be one of "
              + String.join(", ", LOG_SEVERITIES)
              + ", was '"
              + logSeverityScreen
              + "'");
    }
    if (asNumber != null) {
      BgpPeerSpec.requireAs("spec.asNumber", asNumber);
    }
    if (listenPort != null && (listenPort < 1 || listenPort > 65535)) {
      throw new InvalidResourceException(
          "spec.listenPort", "port " + listenPort + " is out of range 1..65535");
    }
    if (nodeMeshMaxRestartTime != null && nodeMeshMaxRestartTime.isNegative()) {
      throw new InvalidResourceException(
          "spec.nodeMeshMaxRestartTime", "must not be negative, was " + nodeMeshMaxRestartTime);
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < communities.size(); i++) {
      if (!names.add(communities.get(i).name())) {
        throw new InvalidResourceException(
            "spec.communities[" + i + "].name",
            "community '" + communities.get(i).name() + "' is defined twice");
      }
    }
    for (int i = 0; i < prefixAdvertisements.size(); i++) {
      List<String> used = prefixAdvertisements.get(i).communities();
      for (int j = 0; j < used.size(); j++) {
        String c = used.get(j);
        if (!names.contains(c)) {
          try {
            requireCommunityValue(c);
          } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(
                "spec.prefixAdvertisements[" + i + "].communities[" + j + "]",
                "'" + c + "' is neither a community defined in spec.communities nor a value");
          }
        }
      }
    }
    for (int i = 0; i < ignoredInterfaces.size(); i++) {
      String name = ignoredInterfaces.get(i);
      if (name.isEmpty()
          || name.length() > 15
          || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/')) {
        throw new InvalidResourceException(
            "spec.ignoredInterfaces[" + i + "]",
            "'" + ObjectMeta.printable(name) + "' is not an interface name or glob");
      }
    }
  }

  private static void requireCommunityName(String name) {
    if (name == null
        || name.isEmpty()
        || name.length() > 63
        || !name.chars()
            .allMatch(
                c ->
                    (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '-'
                        || c == '_'
                        || c == '.')) {
      throw new IllegalArgumentException(
          "community name '"
              + (name == null ? "" : ObjectMeta.printable(name))
              + "' is not 1..63 characters of A-Z a-z 0-9 - _ .");
    }
  }

  /** Checks a community value: {@code a:b} or {@code a:b:c}. */
  static void requireCommunityValue(String value) {
    if (value.chars().filter(c -> c == ':').count() == 2) {
      LargeCommunity.parse(value);
    } else {
      Community.parse(value);
    }
  }

  /** Every field unset and every list empty. */
  public static BgpConfigurationSpec empty() {
    return builder().build();
  }

  /** A builder with every field unset and every list empty. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.logSeverityScreen = logSeverityScreen;
    b.nodeToNodeMeshEnabled = nodeToNodeMeshEnabled;
    b.asNumber = asNumber;
    b.serviceClusterIps = new ArrayList<>(serviceClusterIps);
    b.serviceExternalIps = new ArrayList<>(serviceExternalIps);
    b.serviceLoadBalancerIps = new ArrayList<>(serviceLoadBalancerIps);
    b.listenPort = listenPort;
    b.bindMode = bindMode;
    b.communities = new ArrayList<>(communities);
    b.prefixAdvertisements = new ArrayList<>(prefixAdvertisements);
    b.ignoredInterfaces = new ArrayList<>(ignoredInterfaces);
    b.nodeMeshMaxRestartTime = nodeMeshMaxRestartTime;
    return b;
  }

  /** Builds a {@link BgpConfigurationSpec}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String logSeverityScreen;
    private @Nullable Boolean nodeToNodeMeshEnabled;
    private @Nullable Long asNumber;
    private List<IpPrefix> serviceClusterIps = new ArrayList<>();
    private List<IpPrefix> serviceExternalIps = new ArrayList<>();
    private List<IpPrefix> serviceLoadBalancerIps = new ArrayList<>();
    private @Nullable Integer listenPort;
    private @Nullable BindMode bindMode;
    private List<NamedCommunity> communities = new ArrayList<>();
    private List<PrefixAdvertisement> prefixAdvertisements = new ArrayList<>();
    private List<String> ignoredInterfaces = new ArrayList<>();
    private @Nullable Duration nodeMeshMaxRestartTime;

    private Builder() {}

    public Builder logSeverityScreen(@Nullable String v) {
      logSeverityScreen = v;
      return this;
    }

    public Builder nodeToNodeMeshEnabled(@Nullable Boolean v) {
      nodeToNodeMeshEnabled = v;
      return this;
    }

    public Builder asNumber(@Nullable Long v) {
      asNumber = v;
      return this;
    }

    public Builder serviceClusterIps(List<IpPrefix> v) {
      serviceClusterIps = new ArrayList<>(v);
      return this;
    }

    public Builder serviceExternalIps(List<IpPrefix> v) {
      serviceExternalIps = new ArrayList<>(v);
      return this;
    }

    public Builder serviceLoadBalancerIps(List<IpPrefix> v) {
      serviceLoadBalancerIps = new ArrayList<>(v);
      return this;
    }

    public Builder listenPort(@Nullable Integer v) {
      listenPort = v;
      return this;
    }

    public Builder bindMode(@Nullable BindMode v) {
      bindMode = v;
      return this;
    }

    public Builder communities(List<NamedCommunity> v) {
      communities = new ArrayList<>(v);
      return this;
    }

    public Builder prefixAdvertisements(List<PrefixAdvertisement> v) {
      prefixAdvertisements = new ArrayList<>(v);
      return this;
    }

    public Builder ignoredInterfaces(List<String> v) {
      ignoredInterfaces = new ArrayList<>(v);
      return this;
    }

    public Builder nodeMeshMaxRestartTime(@Nullable Duration v) {
      nodeMeshMaxRestartTime = v;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws InvalidResourceException naming the field that is wrong
     */
    public BgpConfigurationSpec build() {
      return new BgpConfigurationSpec(
          logSeverityScreen,
          nodeToNodeMeshEnabled,
          asNumber,
          serviceClusterIps,
          serviceExternalIps,
          serviceLoadBalancerIps,
          listenPort,
          bindMode,
          communities,
          prefixAdvertisements,
          ignoredInterfaces,
          nodeMeshMaxRestartTime);
    }
  }
}
