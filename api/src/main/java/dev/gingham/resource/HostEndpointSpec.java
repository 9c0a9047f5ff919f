package dev.gingham.resource;

import dev.gingham.net.IpAddress;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.HostEndpoint;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A host's interface under policy (Calico's {@code HostEndpoint}). Policy sees it as the {@link
 * HostEndpoint} that {@link #toEndpoint(ObjectMeta)} makes. Immutable.
 *
 * @param node the node the interface is on, or null
 * @param interfaceName the interface
 * @param expectedIps the host's addresses on it
 * @param profiles the profiles, in order
 * @param ports the named ports
 */
public record HostEndpointSpec(
    @Nullable String node,
    String interfaceName,
    List<IpAddress> expectedIps,
    List<String> profiles,
    List<EndpointPort> ports) {
  public HostEndpointSpec {
    expectedIps = List.copyOf(expectedIps);
    profiles = List.copyOf(profiles);
    ports = List.copyOf(ports);
    if (node != null) {
      ObjectMeta.requireName("spec.node", node);
    }
    EndpointChecks.requireInterface(interfaceName);
    EndpointChecks.requireProfiles(profiles);
  }

  /** A host endpoint with no profiles and no named ports. */
  public static HostEndpointSpec of(
      @Nullable String node, String interfaceName, List<IpAddress> expectedIps) {
    return new HostEndpointSpec(node, interfaceName, expectedIps, List.of(), List.of());
  }

  /** The endpoint as policy sees it, named and labelled by the resource's metadata. */
  public HostEndpoint toEndpoint(ObjectMeta metadata) {
    return new HostEndpoint(
        metadata.name(), interfaceName, expectedIps, metadata.labels(), profiles, ports, node);
  }
}
