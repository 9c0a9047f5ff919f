package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.Ipams;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * apply, create, replace, delete, get, patch and label, on the in-memory store, SQLite and etcd.
 */
@ExtendWith(EtcdForCli.class)
class ResourceCommandsTest {
  static final String POOL =
      """
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata: {name: default-ipv4}
      spec: {cidr: 10.65.0.0/16, natOutgoing: true}
      """;
  static final String TIER =
      """
      apiVersion: projectcalico.org/v3
      kind: Tier
      metadata: {name: security}
      spec: {order: 100}
      """;
  static final String POLICY =
      """
      apiVersion: projectcalico.org/v3
      kind: NetworkPolicy
      metadata: {name: allow-web, namespace: prod}
      spec:
        tier: security
        selector: app == 'web'
        ingress: [{action: Allow, protocol: TCP, destination: {ports: [80]}}]
      """;

  @TempDir Path dir;

  Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  static Map<String, String> contents(Cli cli) {
    Map<String, String> out = new TreeMap<>();
    try (Datastore d = cli.open()) {
      for (KeyValue kv : d.listAll("").items()) {
        out.put(kv.key(), kv.modRevision() + " " + kv.valueUtf8());
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void applyCreatesThenLeavesUnchangedThenConfigures(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      Path f = file("all.yaml", POOL + "---\n" + TIER + "---\n" + POLICY);
      Cli.Result r = cli.on("apply", "-f", f.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out())
          .isEqualTo(
              "ippool/default-ipv4 created\ntier/security created\nnetworkpolicy/prod/allow-web created\n");
      assertThat(cli.on("apply", "-f", f.toString()).out())
          .isEqualTo(
              "ippool/default-ipv4 unchanged\ntier/security unchanged\nnetworkpolicy/prod/allow-web unchanged\n");
      Path changed = file("tier.yaml", TIER.replace("order: 100", "order: 50"));
      assertThat(cli.on("apply", "-f", changed.toString(), "-o", "name").out())
          .isEqualTo("tier/security\n");
      assertThat(cli.on("get", "tier", "security", "-o", "yaml").out()).contains("order: 50");
      try (Datastore d = cli.open()) {
        assertThat(Ipams.create(d).pools()).hasSize(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void createRefusesWhatExistsAndWritesNothing(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      assertThat(cli.on("create", "-f", file("t.yaml", TIER).toString()).code()).isZero();
      Map<String, String> before = contents(cli);
      Cli.Result r = cli.on("create", "-f", file("both.yaml", POOL + "---\n" + TIER).toString());
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).isEqualTo("gingham: Tier security already exists\n");
      assertThat(contents(cli)).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void replaceNeedsTheResourceAndHonoursItsVersion(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      Cli.Result missing = cli.on("replace", "-f", file("t.yaml", TIER).toString());
      assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(missing.err()).isEqualTo("gingham: Tier security does not exist\n");
      cli.on("create", "-f", dir.resolve("t.yaml").toString());
      String read = cli.on("get", "tier", "security", "-o", "yaml").out();
      assertThat(read).contains("resourceVersion:");
      Path edited = file("edited.yaml", read.replace("order: 100", "order: 7"));
      assertThat(cli.on("replace", "-f", edited.toString()).out())
          .isEqualTo("tier/security configured\n");
      Cli.Result stale = cli.on("replace", "-f", edited.toString());
      assertThat(stale.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(stale.err())
          .contains("Tier security: it is at resource version")
          .contains("read it again");
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void readsStandardInputAndDirectoriesAndJson(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      Path manifests = Files.createDirectory(dir.resolve("manifests"));
      Files.writeString(manifests.resolve("1-tier.yaml"), TIER);
      Files.writeString(
          manifests.resolve("2-set.json"),
          "{\"apiVersion\": \"projectcalico.org/v3\", \"kind\": \"GlobalNetworkSet\","
              + " \"metadata\": {\"name\": \"partners\", \"labels\": {\"app\": \"partner\"}},"
              + " \"spec\": {\"nets\": [\"198.51.100.0/24\"]}}");
      Files.writeString(manifests.resolve("notes.txt"), "not a manifest");
      assertThat(cli.on("apply", "-f", manifests.toString()).out())
          .isEqualTo("tier/security created\nglobalnetworkset/partners created\n");
      Cli.Result r = cli.onWithInput(POLICY, "apply", "-f", "-");
      assertThat(r.out()).as(r.toString()).isEqualTo("networkpolicy/prod/allow-web created\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void getPrintsTablesYamlJsonAndNames(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      cli.on("apply", "-f", file("all.yaml", POOL + "---\n" + TIER + "---\n" + POLICY).toString());
      assertThat(cli.on("get", "networkpolicies").out()).isEqualTo("");
      assertThat(cli.on("get", "networkpolicies").err())
          .isEqualTo("No networkpolicies found in namespace default.\n");
      assertThat(cli.on("get", "np", "-n", "prod").out())
          .isEqualTo(
              "NAMESPACE   NAME        TIER       ORDER   SELECTOR\n"
                  + "prod        allow-web   security   -       app == \"web\"\n");
      assertThat(cli.on("get", "np", "-A", "-o", "name").out())
          .isEqualTo("networkpolicy/prod/allow-web\n");
      assertThat(cli.on("get", "np", "prod/allow-web", "-o", "json").out())
          .startsWith("{\n  \"apiVersion\": \"gingham.dev/v1\",\n  \"kind\": \"NetworkPolicy\",");
      assertThat(cli.on("get", "pools", "-o", "json").out()).contains("\"kind\": \"List\"");
      Cli.Result missing = cli.on("get", "tier", "security", "nope");
      assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(missing.err()).isEqualTo("gingham: Tier nope not found\n");
      assertThat(missing.out()).startsWith("NAME       ORDER\nsecurity   100\n");
      assertThat(cli.on("get", "frobs").err())
          .contains("unknown resource kind 'frobs'; the kinds are");
      assertThat(cli.on("get", "pools", "-o", "xml").code()).isEqualTo(ExitCodes.USAGE);
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void whatGetPrintsAsYamlAppliesBackUnchanged(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      cli.on("apply", "-f", file("all.yaml", POOL + "---\n" + TIER + "---\n" + POLICY).toString());
      String yaml = cli.on("get", "np", "-A", "-o", "yaml").out();
      Cli.Result again = cli.onWithInput(yaml, "apply", "-f", "-");
      assertThat(again.out())
          .as(again.toString())
          .isEqualTo("networkpolicy/prod/allow-web unchanged\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void deleteByNameOrFileRefusingWhatIsInUse(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      Path all = file("all.yaml", POOL + "---\n" + TIER + "---\n" + POLICY);
      cli.on("apply", "-f", all.toString());
      Cli.Result inUse = cli.on("delete", "tier", "security");
      assertThat(inUse.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(inUse.err())
          .isEqualTo(
              "gingham: Tier security is in use: NetworkPolicy prod/allow-web refer to it\n");
      assertThat(cli.on("delete", "networkpolicy", "allow-web", "-n", "prod").out())
          .isEqualTo("networkpolicy/prod/allow-web deleted\n");
      assertThat(cli.on("delete", "-f", all.toString(), "--ignore-not-found").out())
          .isEqualTo("ippool/default-ipv4 deleted\ntier/security deleted\n");
      Cli.Result gone = cli.on("delete", "tier", "security");
      assertThat(gone.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(gone.err()).isEqualTo("gingham: Tier security does not exist\n");
      assertThat(cli.on("delete", "tier").code()).isEqualTo(ExitCodes.USAGE);
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void patchChangesFieldsAndChecksTheResult(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      cli.on("apply", "-f", file("p.yaml", POOL).toString());
      assertThat(
              cli.on("patch", "ippool", "default-ipv4", "-p", "{\"spec\": {\"disabled\": true}}")
                  .out())
          .isEqualTo("ippool/default-ipv4 patched\n");
      assertThat(cli.on("get", "pool", "default-ipv4", "-o", "yaml").out())
          .contains("disabled: true");
      assertThat(cli.on("patch", "ippool", "default-ipv4", "-p", "spec: {disabled: true}").out())
          .isEqualTo("ippool/default-ipv4 unchanged\n");
      Cli.Result bad =
          cli.on("patch", "ippool", "default-ipv4", "-p", "{\"spec\": {\"blockSize\": 19}}");
      assertThat(bad.code()).isEqualTo(ExitCodes.VALIDATION);
      assertThat(bad.err())
          .isEqualTo(
              "gingham: the patched ippool/default-ipv4: IPPool default-ipv4: spec.blockSize: block size /19 is not in /20../32 for an IPv4 pool\n");
      Cli.Result rename =
          cli.on("patch", "ippool", "default-ipv4", "-p", "{\"metadata\": {\"name\": \"other\"}}");
      assertThat(rename.code()).isEqualTo(ExitCodes.VALIDATION);
      assertThat(rename.err())
          .contains("an edit cannot change a resource's kind, namespace or name");
      assertThat(cli.on("patch", "ippool", "default-ipv4", "-p", "[1, 2]").code())
          .isEqualTo(ExitCodes.VALIDATION);
      assertThat(cli.on("patch", "ippool", "nope", "-p", "{}").err())
          .isEqualTo("gingham: IPPool nope does not exist\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void labelSetsAndRemovesLabels(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      cli.on(
          "apply",
          "-f",
          file(
                  "set.yaml",
                  "{apiVersion: projectcalico.org/v3, kind: NetworkSet, metadata: {name: office, namespace: prod, labels: {a: b}}, spec: {nets: [10.0.0.0/8]}}")
              .toString());
      assertThat(cli.on("label", "networkset", "office", "-n", "prod", "role=office").out())
          .isEqualTo("networkset/prod/office labeled\n");
      Cli.Result clash = cli.on("label", "networkset", "prod/office", "a=c");
      assertThat(clash.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(clash.err()).contains("has label a=b already; give --overwrite to change it");
      cli.on("label", "networkset", "prod/office", "a=c", "--overwrite");
      cli.on("label", "networkset", "prod/office", "role-");
      assertThat(cli.on("get", "networkset", "-n", "prod", "-o", "wide").out())
          .isEqualTo(
              "NAMESPACE   NAME     NETS         LABELS\nprod        office   10.0.0.0/8   a=c\n");
      Cli.Result bad = cli.on("label", "networkset", "prod/office", "bad key=x");
      assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(bad.err()).contains("label key 'bad key'");
      cli.on("apply", "-f", file("p.yaml", POOL).toString());
      Cli.Result pool = cli.on("label", "ippool", "default-ipv4", "a=b");
      assertThat(pool.code()).isEqualTo(ExitCodes.VALIDATION);
      assertThat(pool.err()).contains("IPAM keeps IPPool resources without labels or annotations");
    }
  }
}
