package dev.gingham.policy;

import dev.gingham.net.IpAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Where policy is enforced: a {@link WorkloadEndpoint} or a {@link HostEndpoint}. */
public sealed interface Endpoint permits WorkloadEndpoint, HostEndpoint {

  /** The namespace, or null for a host endpoint. */
  @Nullable String namespace();

  /** The name. */
  String name();

  /** The interface whose traffic this endpoint is. */
  String interfaceName();

  /** The addresses. */
  List<IpAddress> addresses();

  /** The labels given to the endpoint itself. */
  Labels labels();

  /** The profiles, in order. */
  List<String> profiles();

  /** The named ports. */
  List<EndpointPort> ports();

  /**
   * The node the endpoint is on, or null when not known. A renderer told its own node renders
   * everything about the endpoints of that node (and those with no node), and of the others only
   * what rules match on: their addresses and named ports.
   */
  @Nullable String node();

  /** The kind and name for messages, as {@code WorkloadEndpoint prod/web-1}. */
  String resource();
}
