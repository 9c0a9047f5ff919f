package dev.gingham.cli;

import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * What both demos share: the cluster's resources, the deny policy, and running {@code gingham}
 * commands in process against the demo's store, their output shown in the transcript.
 */
public final class DemoScenario {
  static final IpPrefix POOL = IpPrefix.parse("10.65.0.0/16");
  static final long NODE_AS = 64512;
  static final long ROUTER_AS = 65000;
  public static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  static final List<String> PODS = List.of("a", "b");

  private DemoScenario() {}

  /** The cluster's resources; the router's BGPPeer only when there is a router. */
  static String clusterYaml(int bgpPort, String routerIp) {
    return clusterYaml(bgpPort, routerIp, "Never");
  }

  /** The cluster's resources, with the pool's VXLAN mode (Never, Always or CrossSubnet). */
  static String clusterYaml(int bgpPort, String routerIp, String vxlanMode) {
    String yaml =
        "apiVersion: projectcalico.org/v3\n"
            + "kind: IPPool\n"
            + "metadata: {name: demo-pool}\n"
            + "spec: {cidr: "
            + POOL
            + ", blockSize: 26, ipipMode: Never, vxlanMode: "
            + vxlanMode
            + ", natOutgoing: false}\n"
            + "---\n"
            + "apiVersion: projectcalico.org/v3\n"
            + "kind: BGPConfiguration\n"
            + "metadata: {name: default}\n"
            + "spec: {asNumber: "
            + NODE_AS
            + ", nodeToNodeMeshEnabled: true, listenPort: "
            + bgpPort
            + "}\n"
            + "---\n"
            + "apiVersion: projectcalico.org/v3\n"
            + "kind: Profile\n"
            + "metadata: {name: kns."
            + DemoCommand.NAMESPACE
            + "}\n"
            + "spec:\n"
            + "  ingress: [{action: Allow}]\n"
            + "  egress: [{action: Allow}]\n";
    if (routerIp != null) {
      yaml +=
          "---\n"
              + "apiVersion: projectcalico.org/v3\n"
              + "kind: BGPPeer\n"
              + "metadata: {name: router}\n"
              + "spec: {peerIP: "
              + routerIp
              + ", asNumber: "
              + ROUTER_AS
              + "}\n";
    }
    return yaml;
  }

  /** Denies node-1's pod a to node-2's pod a; everything else to it stays allowed. */
  static String denyYaml() {
    return "apiVersion: projectcalico.org/v3\n"
        + "kind: NetworkPolicy\n"
        + "metadata: {name: deny-web-to-db, namespace: "
        + DemoCommand.NAMESPACE
        + "}\n"
        + "spec:\n"
        + "  selector: app == 'db'\n"
        + "  types: [Ingress]\n"
        + "  ingress:\n"
        + "  - action: Deny\n"
        + "    protocol: TCP\n"
        + "    source: {selector: app == 'web'}\n"
        + "  - action: Allow\n";
  }

  /** The labels of a pod: node-1's pod a is the web, node-2's pod a the db. */
  static String app(String node, String pod) {
    if (node.equals("node-1") && pod.equals("a")) {
      return "web";
    }
    if (node.equals("node-2") && pod.equals("a")) {
      return "db";
    }
    return "other";
  }

  /**
   * Whether every node routes, through a gateway, to every block of every other node.
   *
   * @param blocks each node's blocks
   * @param routesOf a node's routes
   */
  static boolean routedEverywhere(
      Map<String, List<IpPrefix>> blocks, Function<String, List<Route>> routesOf) {
    for (String node : blocks.keySet()) {
      List<Route> rs = routesOf.apply(node);
      for (Map.Entry<String, List<IpPrefix>> e : blocks.entrySet()) {
        if (!e.getKey().equals(node)) {
          for (IpPrefix b : e.getValue()) {
            if (rs.stream().noneMatch(x -> x.destination().equals(b) && x.gateway() != null)) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }

  /** The result of an in-process {@code gingham} command. */
  public record Cli(int exit, String out, String err) {}

  /** Runs {@code gingham args...} in process. */
  public static Cli gingham(String... args) {
    CommandLine cli = Main.commandLine(StoreOpener.DEFAULT, new ByteArrayInputStream(new byte[0]));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** Writes a file of resources and applies it. */
  public static Cli apply(Path dir, String name, String yaml, String datastore) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return gingham("apply", "-f", f.toString(), "--datastore", datastore);
  }
}
