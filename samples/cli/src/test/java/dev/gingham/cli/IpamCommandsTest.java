package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.spi.datastore.Datastore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ipam show, check, release and configure, on the in-memory store, SQLite and etcd. */
@ExtendWith(EtcdForCli.class)
class IpamCommandsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void checkWritesAReportThatReleaseReadsBack(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      GoldenTablesTest.prepareIpam(cli, dir);
      Path report = dir.resolve("report.json");
      Cli.Result check = cli.on("ipam", "check", "-o", report.toString());
      assertThat(check.code()).as(check.toString()).isZero();
      assertThat(check.out()).endsWith("Report written to " + report + ".\n");
      IpamReport parsed = IpamReport.parse(Files.readString(report), "report.json");
      assertThat(parsed.leaked())
          .extracting(a -> a.address().toString())
          .containsExactly("10.65.0.2", "10.65.0.3", "fd00:65::40");
      // Meanwhile 10.65.0.2 is released and handed to a new workload: the report is stale for it.
      try (Datastore d = cli.open()) {
        Ipam ipam = Ipams.create(d);
        ipam.releaseIps(List.of(IpAddress.parse("10.65.0.2")));
        ipam.assignIp(IpAddress.parse("10.65.0.2"), "new-workload", Map.of(), "node-1");
      }
      Cli.Result release = cli.on("ipam", "release", "--from-report", report.toString());
      assertThat(release.code()).as(release.toString()).isZero();
      assertThat(release.out())
          .isEqualTo(
              "10.65.0.2 left alone: no longer assigned to handle leak-1 as the report saw it\n"
                  + "10.65.0.3 released (handle borrowed-1)\n"
                  + "fd00:65::40 released (handle v6-1)\n"
                  + "Released 2 of 3 leaked addresses.\n");
      try (Datastore d = cli.open()) {
        assertThat(Ipams.create(d).allocations())
            .extracting(Allocation::handle)
            .containsExactly("web-1", "new-workload");
      }
      assertThat(cli.on("ipam", "check").out())
          .contains("1 leaked address:")
          .contains("new-workload");
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void releaseByAddress(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      GoldenTablesTest.prepareIpam(cli, dir);
      Cli.Result r = cli.on("ipam", "release", "--ip", "10.65.0.2", "--ip", "10.65.0.9");
      assertThat(r.out()).isEqualTo("10.65.0.2 released\n10.65.0.9 was not assigned\n");
      assertThat(cli.on("ipam", "release", "--ip", "10.65.0.300").code())
          .isEqualTo(ExitCodes.USAGE);
      Cli.Result both = cli.on("ipam", "release", "--ip", "10.65.0.2", "--from-report", "x.json");
      assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(both.err()).contains("mutually exclusive");
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void aBadReportIsRefusedAndReleasesNothing(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      GoldenTablesTest.prepareIpam(cli, dir);
      Map<String, String> before = ResourceCommandsTest.contents(cli);
      Path report =
          Files.writeString(
              dir.resolve("r.json"),
              "{\"apiVersion\": \"gingham.dev/v1\", \"kind\": \"IPAMCheckReport\", \"revision\": 1, \"pools\": 1, \"blocks\": 1, \"allocations\": 1,"
                  + " \"leaked\": [{\"address\": \"10.65.0.2\", \"handle\": \"leak-1\", \"sequence\": 1, \"block\": \"10.65.1.0/28\"}], \"inconsistencies\": []}");
      Cli.Result r = cli.on("ipam", "release", "--from-report", report.toString());
      assertThat(r.code()).isEqualTo(ExitCodes.VALIDATION);
      assertThat(r.err())
          .isEqualTo(
              "gingham: " + report + ": leaked[0]: block 10.65.1.0/28 does not hold 10.65.0.2\n");
      Path other = Files.writeString(dir.resolve("o.json"), "{\"kind\": \"Tier\"}");
      assertThat(cli.on("ipam", "release", "--from-report", other.toString()).err())
          .contains("not a report of gingham ipam check");
      assertThat(ResourceCommandsTest.contents(cli)).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void configureChangesOnlyWhatIsGiven(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      Cli.Result r = cli.on("ipam", "configure", "--strict-affinity", "--max-blocks-per-host", "4");
      assertThat(r.out())
          .isEqualTo(
              "PROPERTY             VALUE\nStrictAffinity       true\nAutoAllocateBlocks   true\n"
                  + "MaxBlocksPerHost     4\nIPCooldown           PT0S\n");
      cli.on("ipam", "configure", "--ip-cooldown", "PT30S");
      try (Datastore d = cli.open()) {
        var c = Ipams.create(d).config();
        assertThat(c.strictAffinity()).isTrue();
        assertThat(c.maxBlocksPerHost()).isEqualTo(4);
        assertThat(c.ipCooldown()).isEqualTo(Duration.ofSeconds(30));
      }
      assertThat(cli.on("get", "ipamconfigurations", "-o", "yaml").out())
          .contains("ipCooldown: 30s");
      Cli.Result refused =
          cli.on("ipam", "configure", "--strict-affinity=false", "--auto-allocate-blocks=false");
      assertThat(refused.code()).isEqualTo(ExitCodes.VALIDATION);
      assertThat(refused.err())
          .contains("strictAffinity and autoAllocateBlocks cannot both be off");
      assertThat(cli.on("ipam", "configure").code()).isEqualTo(ExitCodes.USAGE);
      assertThat(cli.on("ipam", "configure", "--max-blocks-per-host", "0").code())
          .isEqualTo(ExitCodes.VALIDATION);
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void showWithNoPools(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      assertThat(cli.on("ipam", "show", "--show-blocks").out())
          .isEqualTo("No IP pools.\n\nNo blocks.\n");
    }
  }
}
