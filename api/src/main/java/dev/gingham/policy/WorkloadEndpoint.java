package dev.gingham.policy;

import dev.gingham.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A workload's end of its veth: a pod or VM interface in a namespace.
 *
 * @param namespace the namespace
 * @param name the name
 * @param interfaceName the host side of the veth
 * @param addresses the workload's addresses
 * @param labels the labels
 * @param profiles the profiles, in order
 * @param ports the named ports
 * @param node the node it runs on, or null
 */
public record WorkloadEndpoint(
    String namespace,
    String name,
    String interfaceName,
    List<IpAddress> addresses,
    Labels labels,
    List<String> profiles,
    List<EndpointPort> ports,
    @Nullable String node)
    implements Endpoint {
  public WorkloadEndpoint {
    String resource = "WorkloadEndpoint " + namespace + "/" + name;
    Names.requireLabelName(resource, "metadata.namespace", namespace);
    Names.requireName(resource, "metadata.name", name);
    Names.requireInterface(resource, interfaceName);
    addresses = List.copyOf(addresses);
    profiles = List.copyOf(profiles);
    ports = List.copyOf(ports);
    for (int i = 0; i < profiles.size(); i++) {
      Names.requireName(resource, "spec.profiles[" + i + "]", profiles.get(i));
    }
    if (node != null) {
      Names.requireName(resource, "spec.node", node);
    }
  }

  @Override
  public String resource() {
    return "WorkloadEndpoint " + namespace + "/" + name;
  }

  /** A builder for a workload in {@code namespace} called {@code name}. */
  public static Builder builder(String namespace, String name) {
    return new Builder(namespace, name);
  }

  /** A builder for a {@link WorkloadEndpoint}. Not thread-safe. */
  public static final class Builder {
    private final String namespace;
    private final String name;
    private String interfaceName = "";
    private final List<IpAddress> addresses = new ArrayList<>();
    private Labels labels = Labels.empty();
    private final List<String> profiles = new ArrayList<>();
    private final List<EndpointPort> ports = new ArrayList<>();
    private @Nullable String node;

    private Builder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public Builder interfaceName(String v) {
      interfaceName = v;
      return this;
    }

    public Builder address(IpAddress v) {
      addresses.add(v);
      return this;
    }

    public Builder addresses(List<IpAddress> v) {
      addresses.addAll(v);
      return this;
    }

    public Builder labels(Labels v) {
      labels = v;
      return this;
    }

    public Builder profile(String v) {
      profiles.add(v);
      return this;
    }

    public Builder profiles(List<String> v) {
      profiles.addAll(v);
      return this;
    }

    public Builder port(EndpointPort v) {
      ports.add(v);
      return this;
    }

    public Builder ports(List<EndpointPort> v) {
      ports.addAll(v);
      return this;
    }

    /** The node it runs on; none by default. */
    public Builder node(@Nullable String v) {
      node = v;
      return this;
    }

    /**
     * Builds the endpoint.
     *
     * @throws InvalidPolicyException naming the field that is wrong
     */
    public WorkloadEndpoint build() {
      return new WorkloadEndpoint(
          namespace, name, interfaceName, addresses, labels, profiles, ports, node);
    }
  }
}
