package dev.gingham.cli;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.BlockUsage;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.ipam.IpamUsage;
import dev.gingham.ipam.PoolUsage;
import dev.gingham.spi.datastore.Datastore;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham ipam show}: the pools with their utilisation, and optionally their blocks. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Show every pool's size and utilisation. --show-blocks adds each block with its host,",
      "--show-borrowed the addresses hosts borrowed from other hosts' blocks (as the allocation's",
      "'node' attribute names the host, which Calico's CNI plugin writes), --show-configuration",
      "IPAM's settings."
    },
    footer = {
      "",
      "Examples:",
      "  gingham ipam show",
      "  gingham ipam show --show-blocks --show-borrowed",
    })
final class IpamShowCommand implements Callable<Integer> {
  /** The attribute that names the host an address was assigned for, as Calico's CNI writes it. */
  static final String NODE_ATTRIBUTE = "node";

  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Option(names = "--show-blocks", description = "Show each block of each pool.")
  boolean blocks;

  @Option(names = "--show-borrowed", description = "Show addresses borrowed from other hosts.")
  boolean borrowed;

  @Option(names = "--show-configuration", description = "Show IPAM's settings.")
  boolean configuration;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Datastore store = datastore.open()) {
      Ipam ipam = Ipams.create(store);
      IpamUsage usage = ipam.usage();
      if (usage.pools().isEmpty()) {
        out.println("No IP pools.");
      } else {
        Table pools =
            new Table("POOL", "CIDR", "SIZE", "IN USE", "RESERVED", "FREE", "UTILISATION");
        for (PoolUsage p : usage.pools()) {
          pools.row(
              p.pool(),
              p.cidr(),
              p.size(),
              p.inUse(),
              p.reserved(),
              p.free(),
              percent(BigInteger.valueOf(p.inUse()), p.size()));
        }
        out.print(pools.render());
      }
      if (blocks) {
        out.println();
        Table t =
            new Table("BLOCK", "POOL", "HOST", "SIZE", "IN USE", "RESERVED", "FREE", "UTILISATION");
        for (PoolUsage p : usage.pools()) {
          for (BlockUsage b : p.blocks()) {
            t.row(
                b.cidr(),
                p.pool(),
                b.host(),
                b.size(),
                b.inUse(),
                b.reserved(),
                b.free(),
                percent(BigInteger.valueOf(b.inUse()), BigInteger.valueOf(b.size())));
          }
        }
        out.print(t.isEmpty() ? "No blocks.\n" : t.render());
      }
      if (borrowed) {
        out.println();
        Table t = new Table("ADDRESS", "BORROWED BY", "BLOCK", "BLOCK HOST", "HANDLE");
        for (Allocation a : ipam.allocations()) {
          String by = a.attributes().get(NODE_ATTRIBUTE);
          if (by != null && !by.equals(a.blockHost())) {
            t.row(a.address(), by, a.block(), a.blockHost(), a.handle());
          }
        }
        out.print(t.isEmpty() ? "No borrowed addresses.\n" : t.render());
      }
      if (configuration) {
        out.println();
        out.print(settings(ipam.config()).render());
      }
    }
    return ExitCodes.OK;
  }

  /** IPAM's settings as a table of properties. */
  static Table settings(IpamConfig c) {
    return new Table("PROPERTY", "VALUE")
        .row("StrictAffinity", c.strictAffinity())
        .row("AutoAllocateBlocks", c.autoAllocateBlocks())
        .row("MaxBlocksPerHost", c.maxBlocksPerHost())
        .row("IPCooldown", c.ipCooldown());
  }

  /** A share as a percentage with one decimal: {@code 3.1%}. */
  static String percent(BigInteger part, BigInteger whole) {
    if (whole.signum() == 0) {
      return "-";
    }
    return new BigDecimal(part)
            .multiply(BigDecimal.valueOf(100))
            .divide(new BigDecimal(whole), 1, RoundingMode.HALF_UP)
            .toPlainString()
        + "%";
  }
}
