package dev.gingham.nodeagent;

import dev.gingham.bgp.PeerState;
import dev.gingham.core.NodeAgent;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.PoolUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's Micrometer meters, for Prometheus:
 *
 * <ul>
 *   <li>{@code gingham_bgp_sessions{state}}: BGP sessions by FSM state;
 *   <li>{@code gingham_bgp_routes{peer}}: prefixes accepted from each peer;
 *   <li>{@code gingham_ipam_blocks{pool}} and {@code gingham_ipam_addresses_in_use{pool}}: the
 *       cluster's blocks and addresses in use, per pool;
 *   <li>{@code gingham_policy_apply_seconds}: policy apply latency, a histogram;
 *   <li>{@code gingham_dataplane_errors_total}: dataplane operations that failed;
 *   <li>{@code gingham_datastore_sync_state{state}}: 1 for the syncer's state, 0 for the others.
 * </ul>
 *
 * The peer and pool figures are refreshed by {@link #refresh}, which the daemon calls every few
 * seconds; the rest are read at scrape time or recorded as they happen.
 */
final class AgentMetrics implements NodeAgent.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(AgentMetrics.class);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer policyApply;
  private final Counter errors;
  private final MultiGauge routesPerPeer;
  private final MultiGauge blocksPerPool;
  private final MultiGauge inUsePerPool;
  private final AtomicReference<NodeAgent.Status> last = new AtomicReference<>();

  AgentMetrics() {
    policyApply =
        Timer.builder("gingham.policy.apply")
            .description("Time to apply a policy change to the packet filter")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);
    errors =
        Counter.builder("gingham.dataplane.errors")
            .description("Dataplane operations that failed")
            .register(registry);
    routesPerPeer =
        MultiGauge.builder("gingham.bgp.routes")
            .description("Prefixes accepted from each BGP peer")
            .register(registry);
    blocksPerPool =
        MultiGauge.builder("gingham.ipam.blocks")
            .description("IPAM blocks per pool")
            .register(registry);
    inUsePerPool =
        MultiGauge.builder("gingham.ipam.addresses.in.use")
            .description("IPAM addresses in use per pool")
            .register(registry);
  }

  /** Binds the gauges that read the agent. */
  void bind(NodeAgent agent) {
    for (PeerState s : PeerState.values()) {
      Gauge.builder(
              "gingham.bgp.sessions",
              () -> {
                NodeAgent.Status st = last.get();
                return st == null
                    ? 0
                    : st.peers().stream().filter(p -> p.status().state() == s).count();
              })
          .description("BGP sessions by state")
          .tag("state", ControlSocket.stateName(s))
          .register(registry);
    }
    for (NodeAgent.SyncState s : NodeAgent.SyncState.values()) {
      Gauge.builder("gingham.datastore.sync.state", () -> agent.syncState() == s ? 1 : 0)
          .description("1 for the syncer's state, 0 for the others")
          .tag("state", s.name())
          .register(registry);
    }
  }

  /** Reads the agent's status and IPAM's usage into the gauges. */
  void refresh(NodeAgent agent, Ipam ipam) {
    NodeAgent.Status s = agent.status();
    last.set(s);
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (NodeAgent.Peer p : s.peers()) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of("peer", p.status().config().address().toString()),
              p.status().prefixes().accepted()));
    }
    routesPerPeer.register(rows, true);
    try {
      List<MultiGauge.Row<?>> blocks = new ArrayList<>();
      List<MultiGauge.Row<?>> inUse = new ArrayList<>();
      for (PoolUsage u : ipam.usage().pools()) {
        blocks.add(MultiGauge.Row.of(Tags.of("pool", u.pool()), u.blocks().size()));
        inUse.add(MultiGauge.Row.of(Tags.of("pool", u.pool()), u.inUse()));
      }
      blocksPerPool.register(blocks, true);
      inUsePerPool.register(inUse, true);
    } catch (RuntimeException e) {
      LOG.debug("IPAM usage unavailable: {}", e.toString());
    }
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void policyApplied(Duration latency) {
    policyApply.record(latency);
  }

  @Override
  public void dataplaneError(String what, RuntimeException error) {
    errors.increment();
  }
}
