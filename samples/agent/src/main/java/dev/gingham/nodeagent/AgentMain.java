package dev.gingham.nodeagent;

import dev.gingham.core.Ipams;
import dev.gingham.core.NodeAgent;
import dev.gingham.core.NodeAgents;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.Ipv4Address;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gingham-agent}: the node agent daemon. It runs a {@link NodeAgent} on the node it is
 * started on (its network namespace is the node's), serves the control socket that {@code gingham
 * node status} reads, and {@code /metrics}, {@code /healthz} and {@code /readyz} over HTTP, until
 * SIGTERM or SIGINT. Exit codes: 0 after a stop, 1 for bad arguments, 3 when the datastore, the
 * dataplane or the node's address cannot be had.
 */
@Command(
    name = "gingham-agent",
    mixinStandardHelpOptions = true,
    description = "The Gingham node agent: BGP, routes, tunnels and policy for this node.")
public final class AgentMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

  @Option(
      names = "--node",
      required = true,
      description = "This node's name (Calico's NODENAME).",
      defaultValue = "${env:NODENAME}")
  String node;

  @Option(
      names = "--datastore",
      description = "The datastore URI; else GINGHAM_DATASTORE, else the SQLite default.")
  String datastore;

  @Option(
      names = "--dataplane",
      description = "linux or simulated; else the best available (linux as root).")
  String dataplane;

  @Option(
      names = "--ip-autodetection",
      defaultValue = "${env:IP_AUTODETECTION_METHOD:-first-found}",
      description =
          "first-found, can-reach=DEST, interface=REGEX, skip-interface=REGEX or cidr=CIDR"
              + " (default: ${DEFAULT-VALUE}).")
  String autodetection;

  @Option(names = "--as", description = "This node's own AS; else the BGPConfiguration's.")
  Long asNumber;

  @Option(names = "--label", description = "A node label, key=value (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--route-reflector-cluster-id",
      description = "Makes this node a route reflector of this cluster id.")
  String clusterId;

  @Option(
      names = "--socket",
      defaultValue = "/run/gingham/agent.sock",
      description = "The control socket (default: ${DEFAULT-VALUE}).")
  Path socket;

  @Option(
      names = "--metrics",
      defaultValue = "127.0.0.1:9091",
      description =
          "Where /metrics, /healthz and /readyz listen, or 'off' (default: ${DEFAULT-VALUE}).")
  String metrics;

  @Option(
      names = "--mtu-file",
      defaultValue = "/var/lib/gingham/mtu",
      description =
          "Where the workload MTU is written for the CNI plugin (default: ${DEFAULT-VALUE}).")
  Path mtuFile;

  @Option(
      names = "--workload-interface-prefix",
      defaultValue = "gg",
      description =
          "The prefix of pods' host-side interfaces; the gingham CNI plugin's is gg"
              + " (default: ${DEFAULT-VALUE}).")
  String workloadPrefix;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    NodeAgents.requireAutodetectionMethod(autodetection);
    InetSocketAddress metricsAt = metrics.equals("off") ? null : hostPort(metrics);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "gingham-agent-stop"));
    String version = version();
    try (Datastore store =
            datastore == null ? Datastores.openDefault() : Datastores.open(datastore);
        Dataplane dp = dataplane == null ? Dataplanes.open() : Dataplanes.open(dataplane)) {
      AgentMetrics meters = new AgentMetrics();
      NodeAgents.Builder b =
          NodeAgents.builder(store, dp, node)
              .ipAutodetection(autodetection)
              .labels(labels)
              .mtuFile(mtuFile)
              .workloadInterfacePrefix(workloadPrefix)
              .listener(meters);
      if (asNumber != null) {
        b.asNumber(asNumber);
      }
      if (clusterId != null) {
        b.routeReflectorClusterId(Ipv4Address.parse(clusterId));
      }
      Ipam ipam = Ipams.create(store);
      ScheduledExecutorService refresher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "gingham-agent-metrics");
                t.setDaemon(true);
                return t;
              });
      try (NodeAgent agent = b.start();
          ControlSocket control = ControlSocket.start(agent, version, socket);
          HttpEndpoints http =
              metricsAt == null ? null : HttpEndpoints.start(metricsAt, agent, meters::scrape)) {
        meters.bind(agent);
        refresher.scheduleWithFixedDelay(
            () -> {
              try {
                meters.refresh(agent, ipam);
              } catch (RuntimeException e) {
                LOG.debug("metrics refresh: {}", e.toString());
              }
            },
            0,
            5,
            TimeUnit.SECONDS);
        boolean ready = agent.awaitReady(Duration.ofSeconds(60));
        LOG.info(
            "node {}: {} (control socket {}{})",
            node,
            ready ? "ready" : "not ready after 60 s",
            socket,
            http == null ? "" : ", metrics on http://" + metrics + "/metrics");
        stop.await();
        LOG.info("node {}: stopping; routes and rules stay", node);
        return 0;
      } finally {
        refresher.shutdownNow();
      }
    } catch (IllegalStateException e) {
      LOG.error("gingham-agent: {}", e.getMessage());
      return 3;
    } catch (IOException e) {
      LOG.error("gingham-agent: {}", e.toString());
      return 3;
    }
  }

  private static InetSocketAddress hostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(new AgentMain()),
          "--metrics: expected HOST:PORT or off, was '" + text + "'");
    }
    try {
      return new InetSocketAddress(
          InetAddress.getByName(text.substring(0, colon)),
          Integer.parseInt(text.substring(colon + 1)));
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          new CommandLine(new AgentMain()), "--metrics: '" + text + "': " + e.getMessage());
    }
  }

  private static String version() {
    String v = AgentMain.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
