package dev.gingham.cli;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.spi.datastore.Datastore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham ipam configure}: changes IPAM's settings. */
@Command(
    name = "configure",
    mixinStandardHelpOptions = true,
    description = {
      "Change IPAM's settings; what is not given stays as it is. Strict affinity off together with",
      "automatic block allocation off is refused, as Calico refuses it."
    },
    footer = {
      "",
      "Examples:",
      "  gingham ipam configure --strict-affinity=true",
      "  gingham ipam configure --max-blocks-per-host 4 --ip-cooldown PT30S",
    })
final class IpamConfigureCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Option(
      names = "--strict-affinity",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      description = "Whether hosts may use only their own blocks (no borrowing); alone: true.")
  Boolean strictAffinity;

  @Option(
      names = "--auto-allocate-blocks",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      description = "Whether hosts may claim new blocks; alone: true.")
  Boolean autoAllocateBlocks;

  @Option(
      names = "--max-blocks-per-host",
      paramLabel = "N",
      description = "The most blocks of one family a host may claim.")
  Integer maxBlocksPerHost;

  @Option(
      names = "--ip-cooldown",
      paramLabel = "DURATION",
      description = "How long a released address rests before reuse, as PT30S (ISO 8601).")
  Duration ipCooldown;

  @Override
  public Integer call() {
    if (strictAffinity == null
        && autoAllocateBlocks == null
        && maxBlocksPerHost == null
        && ipCooldown == null) {
      throw new CliException(
          ExitCodes.USAGE,
          "give at least one of --strict-affinity, --auto-allocate-blocks,"
              + " --max-blocks-per-host and --ip-cooldown");
    }
    try (Datastore store = datastore.open()) {
      Ipam ipam = Ipams.create(store);
      IpamConfig.Builder b = ipam.config().toBuilder();
      if (strictAffinity != null) {
        b.strictAffinity(strictAffinity);
      }
      if (autoAllocateBlocks != null) {
        b.autoAllocateBlocks(autoAllocateBlocks);
      }
      if (maxBlocksPerHost != null) {
        b.maxBlocksPerHost(maxBlocksPerHost);
      }
      if (ipCooldown != null) {
        b.ipCooldown(ipCooldown);
      }
      IpamConfig c;
      try {
        c = b.build();
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.VALIDATION, e.getMessage(), e);
      }
      ipam.setConfig(c);
      spec.commandLine().getOut().print(IpamShowCommand.settings(c).render());
    }
    return ExitCodes.OK;
  }
}
