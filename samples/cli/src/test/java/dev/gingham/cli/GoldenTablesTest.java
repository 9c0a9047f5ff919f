package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.resource.ResourceKind;
import dev.gingham.spi.datastore.Datastore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The tables the commands print, against golden files: the same on every store. */
@ExtendWith(EtcdForCli.class)
class GoldenTablesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void getPrintsEveryKindAsATable(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      assertThat(cli.on("apply", "-f", CalicoFixturesTest.fixtures().toString()).code()).isZero();
      for (ResourceKind<?> k : ResourceKind.all()) {
        Cli.Result table = cli.on("get", k.plural(), "-A");
        assertThat(table.code()).as(table.toString()).isZero();
        Golden.assertMatches("get-" + k.plural() + ".txt", table.out());
        Golden.assertMatches(
            "get-" + k.plural() + "-wide.txt", cli.on("get", k.plural(), "-A", "-o", "wide").out());
      }
      Golden.assertMatches("node-list.txt", cli.on("node", "list").out());
    }
  }

  /** A store with two pools, addresses on two hosts, one borrowed, and workload endpoints. */
  static void prepareIpam(Cli cli, Path dir) throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("ipam.yaml"),
            """
            apiVersion: gingham.dev/v1
            kind: IPPool
            metadata: {name: pool-a}
            spec: {cidr: 10.65.0.0/24, blockSize: 28}
            ---
            apiVersion: gingham.dev/v1
            kind: IPPool
            metadata: {name: pool-v6}
            spec: {cidr: 'fd00:65::/120', blockSize: 124}
            ---
            apiVersion: gingham.dev/v1
            kind: WorkloadEndpoint
            metadata: {name: web-1, namespace: prod}
            spec: {node: node-1, interfaceName: gw1, ipNetworks: [10.65.0.1/32]}
            """);
    assertThat(cli.on("apply", "-f", f.toString()).code()).isZero();
    try (Datastore d = cli.open()) {
      Ipam ipam = Ipams.create(d);
      ipam.assignIp(IpAddress.parse("10.65.0.1"), "web-1", Map.of("node", "node-1"), "node-1");
      ipam.assignIp(IpAddress.parse("10.65.0.2"), "leak-1", Map.of("node", "node-1"), "node-1");
      // node-2 borrows an address in node-1's block.
      ipam.assignIp(IpAddress.parse("10.65.0.3"), "borrowed-1", Map.of("node", "node-2"));
      ipam.autoAssign(
          AssignRequest.builder("v6-1", "node-2")
              .ipv6(1)
              .attributes(Map.of("node", "node-2"))
              .build());
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void ipamShowPrintsPoolsBlocksBorrowedAddressesAndSettings(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      prepareIpam(cli, dir);
      Cli.Result r =
          cli.on("ipam", "show", "--show-blocks", "--show-borrowed", "--show-configuration");
      assertThat(r.code()).as(r.toString()).isZero();
      Golden.assertMatches("ipam-show.txt", r.out());
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void ipamCheckPrintsLeaksAndInconsistencies(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      prepareIpam(cli, dir);
      try (Datastore d = cli.open()) {
        d.delete("/gingham/ipam/v1/handles/borrowed-1"); // an allocation without its handle record
      }
      Cli.Result r = cli.on("ipam", "check");
      assertThat(r.code()).as(r.toString()).isZero();
      Golden.assertMatches("ipam-check.txt", r.out());
    }
  }

  @Test
  void nodeStatusPrintsPeersByFamily() throws Exception {
    Path socket = dir.resolve("agent.sock");
    String answer =
        """
        {"node": "node-1", "version": "0.1.0", "asNumber": 64512, "peers": [
          {"address": "192.0.2.2", "type": "mesh", "state": "Established", "since": "2026-05-01T12:00:00Z", "info": ""},
          {"address": "192.0.2.30", "type": "global", "state": "Active", "since": null, "info": "Connection refused"},
          {"address": "2001:db8::7", "type": "node", "state": "OpenSent", "since": null, "info": ""}]}
        """;
    try (ControlSocketServer s = new ControlSocketServer(socket, req -> answer);
        Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      Cli.Result r = cli.run("node", "status", "--socket", socket.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      Golden.assertMatches("node-status.txt", r.out());
    }
  }
}
