package dev.gingham.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * A node's routes kept up to date one changed best path at a time ({@link
 * RouteCalculator#updateLearned}) must be exactly what a whole calculation of the final inputs
 * gives: random local workloads and blocks (some learned destinations are this node's own blocks or
 * a local workload's /32, which must keep their keys), remote nodes, pools with VXLAN or IP-in-IP
 * (some Always, some CrossSubnet, some nodes without a VXLAN address), next hops that are no known
 * node, and random sequences of learned routes added, moved to another next hop and withdrawn.
 */
class LearnedRouteUpdateProperties {

  @Property(tries = 200)
  @Label("learned routes updated change by change equal a whole calculation of the end state")
  void updatesEqualAWholeCalculation(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 30) int learned,
      @ForAll @IntRange(min = 1, max = 8) int steps) {
    Random r = new Random(seed);
    Base base = new Base(r);
    Map<IpPrefix, LearnedRoute> routes = new LinkedHashMap<>();
    for (int i = 0; i < learned; i++) {
      LearnedRoute l = base.route(r);
      routes.put(l.destination(), l);
    }
    RoutingInputs in = base.inputs(routes);
    RouteTable table = RouteCalculator.calculate(in).table();
    int changes = 0;
    for (int s = 0; s < steps; s++) {
      Map<IpPrefix, @Nullable LearnedRoute> changed = new HashMap<>();
      int n = r.nextInt(4) == 0 ? r.nextInt(16) : r.nextInt(5); // sometimes more than a few
      for (int i = 0; i < n; i++) {
        if (!routes.isEmpty() && r.nextInt(3) == 0) {
          List<IpPrefix> ps = new ArrayList<>(routes.keySet());
          IpPrefix gone = ps.get(r.nextInt(ps.size()));
          routes.remove(gone);
          changed.put(gone, null);
        } else {
          LearnedRoute l = base.route(r);
          routes.put(l.destination(), l);
          changed.put(l.destination(), l);
        }
      }
      changes += changed.size();
      table = RouteCalculator.updateLearned(in, table, changed, Set.of());
      in = base.inputs(routes);
      assertThat(table).isEqualTo(RouteCalculator.calculate(in).table());
    }
    Statistics.collect(changes == 0 ? "no change" : changes < 6 ? "< 6 changes" : ">= 6 changes");
  }

  /** Everything but the learned routes: one node's inputs, drawn at random. */
  private static final class Base {
    final List<LocalWorkload> workloads = new ArrayList<>();
    final List<IpPrefix> blocks = new ArrayList<>();
    final List<RemoteNode> nodes = new ArrayList<>();
    final List<PoolRouting> pools = new ArrayList<>();

    Base(Random r) {
      EncapMode[] modes = EncapMode.values();
      pools.add(new PoolRouting(IpPrefix.parse("10.64.0.0/16"), EncapMode.NEVER, EncapMode.NEVER));
      pools.add(
          new PoolRouting(
              IpPrefix.parse("10.65.0.0/16"), modes[r.nextInt(modes.length)], EncapMode.NEVER));
      pools.add(
          new PoolRouting(
              IpPrefix.parse("10.66.0.0/16"), EncapMode.NEVER, modes[r.nextInt(modes.length)]));
      for (int i = 0; i < 3; i++) {
        blocks.add(block(r));
      }
      for (int i = 0; i < 4; i++) {
        IpAddress a = IpAddress.parse("10." + (64 + r.nextInt(3)) + "." + r.nextInt(4) + ".7");
        workloads.add(new LocalWorkload("w" + i, "gw" + i, List.of(a)));
      }
      for (int i = 0; i < 6; i++) {
        // Two subnets, so that CrossSubnet encapsulates towards half the nodes.
        String subnet = i % 2 == 0 ? "192.168.0." : "192.168.1.";
        NodeAddress a = NodeAddress.parse(subnet + (10 + i) + "/24");
        IpAddress vxlan = r.nextInt(4) == 0 ? null : IpAddress.parse("10.66.255." + (i + 1));
        nodes.add(new RemoteNode("n" + i, List.of(a), vxlan, null));
      }
    }

    RoutingInputs inputs(Map<IpPrefix, LearnedRoute> learned) {
      RoutingInputs.Builder b =
          RoutingInputs.builder("self").address(NodeAddress.parse("192.168.0.1/24")).bgp(true);
      workloads.forEach(b::workload);
      blocks.forEach(b::localBlock);
      nodes.forEach(b::remoteNode);
      pools.forEach(b::pool);
      learned.values().forEach(b::learned);
      return b.build();
    }

    /** A route to a block, a borrowed /32 (sometimes a local workload's), or a local block. */
    LearnedRoute route(Random r) {
      IpPrefix dest =
          switch (r.nextInt(6)) {
            case 0 -> blocks.get(r.nextInt(blocks.size()));
            case 1 -> workloads.get(r.nextInt(workloads.size())).addresses().get(0).toPrefix();
            case 2 ->
                IpPrefix.parse(
                    "10." + (64 + r.nextInt(3)) + "." + r.nextInt(4) + "." + r.nextInt(8) + "/32");
            default -> block(r);
          };
      IpAddress via =
          r.nextInt(6) == 0
              ? IpAddress.parse("172.16.0." + (1 + r.nextInt(3))) // no node of ours
              : nodes.get(r.nextInt(nodes.size())).addresses().get(0).address();
      return new LearnedRoute(dest, via);
    }

    private static IpPrefix block(Random r) {
      return IpPrefix.parse(
          "10." + (64 + r.nextInt(3)) + "." + r.nextInt(4) + "." + 64 * r.nextInt(4) + "/26");
    }
  }
}
