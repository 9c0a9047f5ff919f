package dev.gingham.resource;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.MacAddress;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.WorkloadEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A workload's interface (Calico's {@code WorkloadEndpoint}): where it runs, what the orchestrator
 * calls it, its interface, addresses, profiles and named ports. Policy sees it as the {@link
 * WorkloadEndpoint} that {@link #toEndpoint(ObjectMeta)} makes. Immutable; build one with {@link
 * #builder(String)}.
 *
 * @param node the node it runs on, or null
 * @param orchestrator the orchestrator, such as {@code k8s}, or null
 * @param workload the orchestrator's workload, or null
 * @param pod the pod, or null
 * @param endpoint the endpoint's name in the workload, such as {@code eth0}, or null
 * @param containerId the container, or null
 * @param serviceAccountName the pod's service account, or null
 * @param interfaceName the host side of the workload's veth
 * @param mac the workload side's MAC, or null
 * @param ipNetworks the workload's addresses, each a /32 or /128
 * @param ipNats one-to-one NAT of some of them
 * @param profiles the profiles, in order
 * @param ports the named ports
 */
public record WorkloadEndpointSpec(
    @Nullable String node,
    @Nullable String orchestrator,
    @Nullable String workload,
    @Nullable String pod,
    @Nullable String endpoint,
    @Nullable String containerId,
    @Nullable String serviceAccountName,
    String interfaceName,
    @Nullable MacAddress mac,
    List<IpPrefix> ipNetworks,
    List<IpNat> ipNats,
    List<String> profiles,
    List<EndpointPort> ports) {

  /**
   * A one-to-one NAT: traffic to {@code externalIp} reaches {@code internalIp}.
   *
   * @param internalIp one of the workload's addresses
   * @param externalIp the address outside
   */
  public record IpNat(IpAddress internalIp, IpAddress externalIp) {
    public IpNat {
      Objects.requireNonNull(internalIp, "internalIP");
      Objects.requireNonNull(externalIp, "externalIP");
      if (internalIp.family() != externalIp.family()) {
        throw new InvalidResourceException(
            "spec.ipNATs", internalIp + " and " + externalIp + " are of different families");
      }
    }
  }

  public WorkloadEndpointSpec {
    ipNetworks = List.copyOf(ipNetworks);
    ipNats = List.copyOf(ipNats);
    profiles = List.copyOf(profiles);
    ports = List.copyOf(ports);
    if (node != null) {
      ObjectMeta.requireName("spec.node", node);
    }
    EndpointChecks.requireText("spec.orchestrator", orchestrator);
    EndpointChecks.requireText("spec.workload", workload);
    EndpointChecks.requireText("spec.pod", pod);
    EndpointChecks.requireText("spec.endpoint", endpoint);
    EndpointChecks.requireText("spec.containerID", containerId);
    EndpointChecks.requireText("spec.serviceAccountName", serviceAccountName);
    EndpointChecks.requireInterface(interfaceName);
    for (int i = 0; i < ipNetworks.size(); i++) {
      IpPrefix p = ipNetworks.get(i);
      if (p.length() != p.family().bits()) {
        throw new InvalidResourceException(
            "spec.ipNetworks[" + i + "]", "'" + p + "' is not a single address (/32 or /128)");
      }
    }
    for (int i = 0; i < ipNats.size(); i++) {
      IpAddress internal = ipNats.get(i).internalIp();
      if (!ipNetworks.contains(IpPrefix.of(internal, internal.bitLength()))) {
        throw new InvalidResourceException(
            "spec.ipNATs[" + i + "].internalIP",
            internal + " is not one of the endpoint's ipNetworks");
      }
    }
    EndpointChecks.requireProfiles(profiles);
  }

  /** The workload's addresses. */
  public List<IpAddress> addresses() {
    List<IpAddress> out = new ArrayList<>(ipNetworks.size());
    for (IpPrefix p : ipNetworks) {
      out.add(p.network());
    }
    return out;
  }

  /**
   * The endpoint as policy sees it, named and labelled by the resource's metadata.
   *
   * @throws dev.gingham.policy.InvalidPolicyException if the metadata has no namespace
   */
  public WorkloadEndpoint toEndpoint(ObjectMeta metadata) {
    return WorkloadEndpoint.builder(
            Objects.requireNonNullElse(metadata.namespace(), ""), metadata.name())
        .interfaceName(interfaceName)
        .addresses(addresses())
        .labels(metadata.labels())
        .profiles(profiles)
        .ports(ports)
        .node(node)
        .build();
  }

  /** A builder for an endpoint on this interface, with nothing else set. */
  public static Builder builder(String interfaceName) {
    return new Builder(interfaceName);
  }

  /** Builds a {@link WorkloadEndpointSpec}. Not thread-safe. */
  public static final class Builder {
    private final String interfaceName;
    private @Nullable String node;
    private @Nullable String orchestrator;
    private @Nullable String workload;
    private @Nullable String pod;
    private @Nullable String endpoint;
    private @Nullable String containerId;
    private @Nullable String serviceAccountName;
    private @Nullable MacAddress mac;
    private final List<IpPrefix> ipNetworks = new ArrayList<>();
    private final List<IpNat> ipNats = new ArrayList<>();
    private final List<String> profiles = new ArrayList<>();
    private final List<EndpointPort> ports = new ArrayList<>();

    private Builder(String interfaceName) {
      this.interfaceName = interfaceName;
    }

    public Builder node(@Nullable String v) {
      node = v;
      return this;
    }

    public Builder orchestrator(@Nullable String v) {
      orchestrator = v;
      return this;
    }

    public Builder workload(@Nullable String v) {
      workload = v;
      return this;
    }

    public Builder pod(@Nullable String v) {
      pod = v;
      return this;
    }

    public Builder endpoint(@Nullable String v) {
      endpoint = v;
      return this;
    }

    public Builder containerId(@Nullable String v) {
      containerId = v;
      return this;
    }

    public Builder serviceAccountName(@Nullable String v) {
      serviceAccountName = v;
      return this;
    }

    public Builder mac(@Nullable MacAddress v) {
      mac = v;
      return this;
    }

    public Builder ipNetworks(List<IpPrefix> v) {
      ipNetworks.addAll(v);
      return this;
    }

    /** Adds an address as a /32 or /128. */
    public Builder address(IpAddress v) {
      ipNetworks.add(IpPrefix.of(v, v.bitLength()));
      return this;
    }

    public Builder ipNats(List<IpNat> v) {
      ipNats.addAll(v);
      return this;
    }

    public Builder profiles(List<String> v) {
      profiles.addAll(v);
      return this;
    }

    public Builder ports(List<EndpointPort> v) {
      ports.addAll(v);
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws InvalidResourceException naming the field that is wrong
     */
    public WorkloadEndpointSpec build() {
      return new WorkloadEndpointSpec(
          node,
          orchestrator,
          workload,
          pod,
          endpoint,
          containerId,
          serviceAccountName,
          interfaceName,
          mac,
          ipNetworks,
          ipNats,
          profiles,
          ports);
    }
  }
}
