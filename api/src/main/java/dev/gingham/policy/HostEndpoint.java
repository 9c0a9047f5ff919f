package dev.gingham.policy;

import dev.gingham.net.IpAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A host's interface under policy. As in Calico, traffic of a host endpoint that no policy and no
 * profile allows is denied, except to and from the failsafe ports.
 *
 * @param name the name
 * @param interfaceName the interface
 * @param addresses the host's addresses on it (Calico's expectedIPs)
 * @param labels the labels
 * @param profiles the profiles, in order
 * @param ports the named ports
 * @param node the node the interface is on, or null
 */
public record HostEndpoint(
    String name,
    String interfaceName,
    List<IpAddress> addresses,
    Labels labels,
    List<String> profiles,
    List<EndpointPort> ports,
    @Nullable String node)
    implements Endpoint {
  public HostEndpoint {
    String resource = "HostEndpoint " + name;
    Names.requireName(resource, "metadata.name", name);
    Names.requireInterface(resource, interfaceName);
    addresses = List.copyOf(addresses);
    profiles = List.copyOf(profiles);
    ports = List.copyOf(ports);
    if (node != null) {
      Names.requireName(resource, "spec.node", node);
    }
  }

  /** A host endpoint. */
  public static HostEndpoint of(
      String name, String interfaceName, List<IpAddress> addresses, Labels labels) {
    return new HostEndpoint(name, interfaceName, addresses, labels, List.of(), List.of(), null);
  }

  /** Null: host endpoints belong to no namespace. */
  @Override
  public @Nullable String namespace() {
    return null;
  }

  @Override
  public String resource() {
    return "HostEndpoint " + name;
  }
}
