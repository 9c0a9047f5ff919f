package dev.gingham.internal.agent;

import dev.gingham.core.NodeAgent;
import dev.gingham.net.Ipv4Address;
import dev.gingham.policy.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a node agent is told at start; the rest it reads from the datastore.
 *
 * @param nodeName the node's name
 * @param autodetection how its address is found
 * @param labels its labels
 * @param asNumber its own AS, or null for the configuration's
 * @param routeReflectorClusterId its cluster id when it is a route reflector, or null
 * @param mtuFile where the workload MTU is written, or null
 * @param workloadInterfacePrefix the prefix of workloads' host-side interfaces
 * @param leaseTtl its liveness lease
 * @param holdTime the BGP hold time it offers
 * @param listeners metric hooks
 */
public record AgentSettings(
    String nodeName,
    AutodetectionMethod autodetection,
    Labels labels,
    @Nullable Long asNumber,
    @Nullable Ipv4Address routeReflectorClusterId,
    @Nullable Path mtuFile,
    String workloadInterfacePrefix,
    Duration leaseTtl,
    Duration holdTime,
    List<NodeAgent.Listener> listeners) {
  public AgentSettings {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(autodetection, "autodetection");
    Objects.requireNonNull(labels, "labels");
    listeners = List.copyOf(listeners);
  }
}
