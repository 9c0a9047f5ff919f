package dev.gingham.cli;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham ipam release}: releases addresses, given or found leaked by a report. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Release addresses. --ip releases an address whatever holds it. --from-report releases the",
      "leaked addresses of a report of 'gingham ipam check -o', each only if it is still the",
      "assignment the report saw (same handle and sequence number): an address released and",
      "assigned again since is left alone."
    },
    footer = {
      "",
      "Examples:",
      "  gingham ipam release --ip 10.65.0.9",
      "  gingham ipam release --from-report report.json",
    })
final class IpamReleaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @ArgGroup(multiplicity = "1")
  What what;

  /** Addresses, or a report: one of the two. */
  static final class What {
    @Option(names = "--ip", paramLabel = "IP", description = "An address to release (repeatable).")
    List<String> ips;

    @Option(names = "--from-report", paramLabel = "FILE", description = "A report of ipam check.")
    Path report;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Datastore store = datastore.open()) {
      Ipam ipam = Ipams.create(store);
      if (what.ips != null) {
        List<IpAddress> addresses = new ArrayList<>();
        for (String ip : what.ips) {
          addresses.add(IpAddress.parse(ip));
        }
        Set<IpAddress> released = new HashSet<>(ipam.releaseIps(addresses));
        for (IpAddress a : addresses) {
          out.println(a + (released.contains(a) ? " released" : " was not assigned"));
        }
        return ExitCodes.OK;
      }
      String text;
      try {
        text = Files.readString(what.report);
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.USAGE, "cannot read " + what.report + ": " + e.getMessage());
      }
      IpamReport report;
      try {
        report = IpamReport.parse(text, what.report.toString());
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.VALIDATION, e.getMessage(), e);
      }
      Set<IpAddress> released = new HashSet<>(ipam.releaseAllocations(report.leaked()));
      for (Allocation a : report.leaked()) {
        out.println(
            a.address()
                + (released.contains(a.address())
                    ? " released (handle " + a.handle() + ")"
                    : " left alone: no longer assigned to handle "
                        + a.handle()
                        + " as the report saw it"));
      }
      out.println(
          "Released "
              + released.size()
              + " of "
              + report.leaked().size()
              + IpamCheckCommand.plural(report.leaked().size(), " leaked address")
              + ".");
    }
    return ExitCodes.OK;
  }
}
