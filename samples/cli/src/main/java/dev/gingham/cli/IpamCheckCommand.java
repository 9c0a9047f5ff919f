package dev.gingham.cli;

import dev.gingham.core.Ipams;
import dev.gingham.core.Resources;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.CheckReport;
import dev.gingham.ipam.Inconsistency;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.IpamUsage;
import dev.gingham.ipam.PoolUsage;
import dev.gingham.net.IpAddress;
import dev.gingham.resource.NodeSpec;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.WorkloadEndpointSpec;
import dev.gingham.spi.datastore.Datastore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham ipam check}: leaks and inconsistencies, as a report. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Look for leaked addresses (assigned, but used by no workload endpoint and no node's",
      "tunnel) and for inconsistencies between IPAM's blocks, affinities, handles and pools.",
      "Changes nothing. Run it on a quiet cluster: an address being assigned right now may show",
      "as leaked until its workload endpoint is written. -o writes the report as JSON, which",
      "'gingham ipam release --from-report' reads."
    },
    footer = {
      "",
      "Examples:",
      "  gingham ipam check",
      "  gingham ipam check -o report.json && gingham ipam release --from-report report.json",
    })
final class IpamCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report as JSON to FILE.")
  Path report;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    IpamReport r;
    int endpoints;
    int tunnels;
    try (Datastore store = datastore.open()) {
      long revision = store.currentRevision();
      Ipam ipam = Ipams.create(store);
      ResourceStore resources = Resources.store(store);
      Set<IpAddress> used = new HashSet<>();
      List<Resource<WorkloadEndpointSpec>> weps =
          resources.list(ResourceKind.WORKLOAD_ENDPOINT, null).items();
      for (Resource<WorkloadEndpointSpec> w : weps) {
        used.addAll(w.spec().addresses());
      }
      endpoints = weps.size();
      Set<IpAddress> tunnelAddresses = new HashSet<>();
      for (Resource<NodeSpec> n : resources.list(ResourceKind.NODE, null).items()) {
        NodeSpec s = n.spec();
        if (s.bgp() != null && s.bgp().ipv4IpipTunnelAddr() != null) {
          tunnelAddresses.add(s.bgp().ipv4IpipTunnelAddr());
        }
        if (s.ipv4VxlanTunnelAddr() != null) {
          tunnelAddresses.add(s.ipv4VxlanTunnelAddr());
        }
      }
      tunnels = tunnelAddresses.size();
      used.addAll(tunnelAddresses);
      IpamUsage usage = ipam.usage();
      List<Allocation> all = ipam.allocations();
      List<Allocation> leaked = new ArrayList<>();
      for (Allocation a : all) {
        if (!used.contains(a.address())) {
          leaked.add(a);
        }
      }
      CheckReport check = ipam.check();
      int blocks = 0;
      for (PoolUsage p : usage.pools()) {
        blocks += p.blocks().size();
      }
      r =
          new IpamReport(
              revision, usage.pools().size(), blocks, all.size(), leaked, check.inconsistencies());
    }
    out.println(
        "Checked "
            + r.pools()
            + plural(r.pools(), " pool")
            + ", "
            + r.blocks()
            + plural(r.blocks(), " block")
            + " and "
            + r.allocations()
            + plural(r.allocations(), " assigned address")
            + ", against "
            + endpoints
            + plural(endpoints, " workload endpoint")
            + " and "
            + tunnels
            + plural(tunnels, " node tunnel address")
            + ".");
    if (r.leaked().isEmpty()) {
      out.println("No leaked addresses.");
    } else {
      out.println(
          r.leaked().size()
              + plural(r.leaked().size(), " leaked address")
              + ": assigned, but used by no workload endpoint and no node:");
      Table t = new Table("ADDRESS", "HANDLE", "BLOCK", "BLOCK HOST", "ASSIGNED FOR");
      for (Allocation a : r.leaked()) {
        t.row(a.address(), a.handle(), a.block(), a.blockHost(), IpamReport.host(a));
      }
      out.print(t.render());
    }
    if (r.inconsistencies().isEmpty()) {
      out.println("No inconsistencies.");
    } else {
      int n = r.inconsistencies().size();
      out.println(n + (n == 1 ? " inconsistency:" : " inconsistencies:"));
      Table t = new Table("KIND", "KEY", "PROBLEM");
      for (Inconsistency i : r.inconsistencies()) {
        t.row(i.kind(), i.key(), i.message());
      }
      out.print(t.render());
    }
    if (report != null) {
      try {
        Files.writeString(report, r.toJson());
      } catch (IOException e) {
        throw new CliException(ExitCodes.USAGE, "cannot write " + report + ": " + e.getMessage());
      }
      out.println("Report written to " + report + ".");
    }
    return ExitCodes.OK;
  }

  static String plural(int n, String word) {
    return n == 1 ? word : word + (word.endsWith("s") ? "es" : "s");
  }
}
