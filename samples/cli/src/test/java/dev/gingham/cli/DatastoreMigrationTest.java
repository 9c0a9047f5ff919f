package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.Ipams;
import dev.gingham.core.Resources;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkSet;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import dev.gingham.resource.ResourceKind;
import dev.gingham.spi.datastore.Datastore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** datastore export and import: migration between stores, verified, byte for byte. */
@ExtendWith(EtcdForCli.class)
class DatastoreMigrationTest {
  @TempDir Path from;
  @TempDir Path to;

  /** A store with every kind, IPAM allocations on two hosts, and a leased key. */
  static void fill(Cli cli, Path dir) throws Exception {
    assertThat(cli.on("apply", "-f", CalicoFixturesTest.fixtures().toString()).code()).isZero();
    try (Datastore d = cli.open()) {
      Ipam ipam = Ipams.create(d);
      ipam.autoAssign(AssignRequest.builder("pod-a", "node-1").ipv4(3).ipv6(1).build());
      ipam.autoAssign(AssignRequest.builder("pod-b", "node-2").ipv4(1).build());
      ipam.releaseByHandle("pod-b"); // a released address leaves a block with history
      d.put("/gingham/other/v1/opaque", new byte[] {0, 1, 2, (byte) 0xff});
      d.create(
          "/gingham/agents/node-1",
          "alive".getBytes(StandardCharsets.UTF_8),
          d.grantLease(Duration.ofMinutes(5)).id());
    }
  }

  @Test
  void exportImportExportIsByteIdenticalFromMemoryToSqliteAndBack() throws Exception {
    try (Cli memory = new Cli(Cli.Store.MEMORY, from);
        Cli sqlite = new Cli(Cli.Store.SQLITE, to)) {
      fill(memory, from);
      Cli.Result first = memory.on("datastore", "export");
      assertThat(first.code()).as(first.toString()).isZero();
      assertThat(first.err())
          .isEqualTo(
              "gingham: exported 22 resources and 8 other records; left out 1 key with a lease (liveness)\n");
      assertThat(first.out())
          .contains("kind: DatastoreRecord\nkey: /gingham/ipam/v1/blocks/")
          .contains("key: /gingham/other/v1/opaque\nbase64: AAEC/w==")
          .doesNotContain("resourceVersion")
          .doesNotContain("/gingham/agents/");
      Cli.Result imported = sqlite.onWithInput(first.out(), "datastore", "import");
      assertThat(imported.code()).as(imported.toString()).isZero();
      Golden.assertMatches("import-summary.txt", imported.out());
      Cli.Result second = sqlite.on("datastore", "export");
      assertThat(second.out()).isEqualTo(first.out());
      try (Datastore d = sqlite.open()) {
        // IPAM works on what was moved: the host's block is still its own.
        Ipam ipam = Ipams.create(d);
        assertThat(ipam.ipsByHandle("pod-a")).hasSize(4);
        assertThat(ipam.check().isClean()).isTrue();
        assertThat(
                ipam.autoAssign(AssignRequest.builder("pod-c", "node-1").ipv4(1).build())
                    .ipv4()
                    .get(0)
                    .toString())
            .startsWith("10.1.");
      }
      // And back into another empty in-memory store.
      try (Cli back = new Cli(Cli.Store.MEMORY, from)) {
        assertThat(back.onWithInput(first.out(), "datastore", "import").code()).isZero();
        assertThat(back.on("datastore", "export").out()).isEqualTo(first.out());
      }
    }
  }

  @Test
  void sqliteMovesToEtcdWhenTheClusterGrows() throws Exception {
    try (Cli sqlite = new Cli(Cli.Store.SQLITE, from);
        Cli etcd = new Cli(Cli.Store.ETCD, to)) {
      fill(sqlite, from);
      Cli.Result first =
          sqlite.on("datastore", "export", "-o", to.resolve("backup.yaml").toString());
      assertThat(first.code()).as(first.toString()).isZero();
      String backup = Files.readString(to.resolve("backup.yaml"));
      Cli.Result imported =
          etcd.on("datastore", "import", "-f", to.resolve("backup.yaml").toString());
      assertThat(imported.code()).as(imported.toString()).isZero();
      Golden.assertMatches("import-summary.txt", imported.out());
      assertThat(etcd.on("datastore", "export").out()).isEqualTo(backup);
      // Every command reads the moved store as it read the old one (resource versions are the new
      // store's revisions).
      for (String[] command :
          List.of(
              new String[] {"get", "globalnetworkpolicies", "-o", "yaml"},
              new String[] {"get", "networkpolicies", "-A", "-o", "wide"},
              new String[] {"ipam", "show", "--show-blocks", "--show-borrowed"},
              new String[] {"ipam", "check"},
              new String[] {"node", "list", "-o", "wide"})) {
        assertThat(withoutVersions(etcd.on(command).out()))
            .as(String.join(" ", command))
            .isEqualTo(withoutVersions(sqlite.on(command).out()));
      }
      try (Datastore d = etcd.open()) {
        Ipam ipam = Ipams.create(d);
        assertThat(ipam.ipsByHandle("pod-a")).hasSize(4);
        assertThat(ipam.check().isClean()).isTrue();
      }
    }
  }

  private static String withoutVersions(String yaml) {
    return yaml.replaceAll("(?m)^ *resourceVersion: .*\n", "");
  }

  @Test
  void importRefusesAStoreThatIsNotEmpty() throws Exception {
    try (Cli a = new Cli(Cli.Store.MEMORY, from);
        Cli b = new Cli(Cli.Store.SQLITE, to)) {
      fill(a, from);
      String backup = a.on("datastore", "export").out();
      b.on("apply", "-f", CalicoFixturesTest.fixtures().resolve("ipam.yaml").toString());
      var before = ResourceCommandsTest.contents(b);
      Cli.Result r = b.onWithInput(backup, "datastore", "import");
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err())
          .isEqualTo(
              "gingham: the datastore is not empty (it holds /gingham/ipam/v1/config); import only into an empty store\n");
      assertThat(ResourceCommandsTest.contents(b)).isEqualTo(before);
    }
  }

  @Test
  void aBadBackupImportsNothing() throws Exception {
    try (Cli b = new Cli(Cli.Store.SQLITE, to)) {
      Path file =
          Files.writeString(
              to.resolve("bad.yaml"),
              "apiVersion: gingham.dev/v1\nkind: Tier\nmetadata: {name: t}\n---\n"
                  + "apiVersion: gingham.dev/v1\nkind: DatastoreRecord\nkey: /gingham/ipam/v1/pools/p\njson: {}\n---\n"
                  + "apiVersion: gingham.dev/v1\nkind: DatastoreRecord\nkey: /gingham/x\nbase64: '***'\n");
      Cli.Result r = b.on("datastore", "import", "-f", file.toString());
      assertThat(r.code()).isEqualTo(ExitCodes.VALIDATION);
      assertThat(r.err())
          .isEqualTo(
              "gingham: "
                  + file
                  + ": document 2 (line 5): DatastoreRecord: key: '/gingham/ipam/v1/pools/p' is not a raw record's key: it must lie under /gingham/ and hold no resource\n"
                  + "gingham: "
                  + file
                  + ": document 3 (line 10): DatastoreRecord: base64: not base64: Illegal base64 character 2a\n"
                  + "gingham: 2 invalid documents; nothing was imported\n");
      assertThat(ResourceCommandsTest.contents(b)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Cli.Store.class,
      names = {"SQLITE", "ETCD"})
  void largeStoresShowProgressAndVerify(Cli.Store target) throws Exception {
    try (Cli a = new Cli(Cli.Store.MEMORY, from);
        Cli b = new Cli(target, to)) {
      try (Datastore d = a.open()) {
        List<ResourceChange> sets = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
          String name = "set-" + i;
          sets.add(
              ResourceChange.create(
                  Resource.of(
                      ResourceKind.GLOBAL_NETWORK_SET,
                      ObjectMeta.builder(name)
                          .labels(Labels.of("n", Integer.toString(i % 7)))
                          .build(),
                      NetworkSet.global(
                          name,
                          Labels.of("n", Integer.toString(i % 7)),
                          List.of(IpPrefix.parse("10.0.0.0/8"))))));
        }
        Resources.store(d).write(sets);
      }
      String backup = a.on("datastore", "export").out();
      Cli.Result r = b.onWithInput(backup, "datastore", "import");
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.err())
          .isEqualTo(
              "gingham: imported 500 of 1200\ngingham: imported 1000 of 1200\ngingham: imported 1200 of 1200\n");
      assertThat(r.out())
          .isEqualTo(
              "WHAT               IN FILE   IN STORE\nGlobalNetworkSet   1200      1200\nother records      0         0\n"
                  + "Imported and verified 1200 items.\n");
      assertThat(b.on("datastore", "export").out()).isEqualTo(backup);
    }
  }
}
