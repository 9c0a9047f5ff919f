package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test for each kind of mistake a file can hold: each exits with the code for it, names the
 * file, the document, the resource and field where there is one, and the reason, and writes
 * nothing. The store holds a tier and a pool beforehand, so that "nothing" is something to keep.
 */
@ExtendWith(EtcdForCli.class)
class BadFilesTest {
  static final String GOOD =
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: fine}\nspec: {nets: [10.9.0.0/16]}\n";

  @TempDir Path dir;
  Cli cli;
  Map<String, String> before;

  void open(Cli.Store store) throws Exception {
    cli = new Cli(store, dir);
    Path seed =
        Files.writeString(
            dir.resolve("seed.yaml"),
            "apiVersion: gingham.dev/v1\nkind: Tier\nmetadata: {name: t}\n---\n"
                + "apiVersion: gingham.dev/v1\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.65.0.0/16}\n");
    assertThat(cli.on("apply", "-f", seed.toString()).code()).isZero();
    before = ResourceCommandsTest.contents(cli);
  }

  @BeforeEach
  void none() {
    cli = null;
  }

  @AfterEach
  void close() {
    if (cli != null) {
      cli.close();
    }
  }

  /** Applies a file that holds a good document and then {@code text}; expects nothing written. */
  Cli.Result apply(String text, int code) throws Exception {
    Path f = Files.writeString(dir.resolve("bad.yaml"), GOOD + "---\n" + text);
    Cli.Result r = cli.on("apply", "-f", f.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(code);
    assertThat(r.out()).isEmpty();
    assertThat(ResourceCommandsTest.contents(cli)).isEqualTo(before);
    return r;
  }

  String bad() {
    return dir.resolve("bad.yaml").toString();
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void notYaml(Cli.Store s) throws Exception {
    open(s);
    assertThat(apply("kind: [IPPool\n", ExitCodes.VALIDATION).err())
        .isEqualTo(
            "gingham: "
                + bad()
                + ": not YAML or JSON at line 6, column 14: while parsing a flow"
                + " sequence; expected ',' or ']', but got <stream end>\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void notUtf8(Cli.Store s) throws Exception {
    open(s);
    Path f =
        Files.write(
            dir.resolve("latin1.yaml"), "name: caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    Cli.Result r = cli.on("apply", "-f", f.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.VALIDATION);
    assertThat(r.err()).isEqualTo("gingham: " + f + ": not UTF-8 text\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void duplicateKey(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply("apiVersion: gingham.dev/v1\nkind: Tier\nkind: Tier\n", ExitCodes.VALIDATION)
                .err())
        .isEqualTo(
            "gingham: "
                + bad()
                + ": not YAML or JSON at line 8, column 5: Duplicate field 'kind'\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void missingKind(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply("apiVersion: gingham.dev/v1\nmetadata: {name: x}\n", ExitCodes.VALIDATION).err())
        .isEqualTo(
            "gingham: "
                + bad()
                + ": document 2 (line 6): kind: is required\n"
                + "gingham: 1 invalid document; nothing was written\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void unknownApiVersion(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata: {name: x}\n",
                    ExitCodes.VALIDATION)
                .err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): apiVersion: unsupported apiVersion 'crd.projectcalico.org/v1'; expected gingham.dev/v1 or projectcalico.org/v3");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void unknownKind(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: gingham.dev/v1\nkind: IpPool\nmetadata: {name: x}\n",
                    ExitCodes.VALIDATION)
                .err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): kind: unknown kind 'IpPool'; the kinds are ");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void missingName(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply("apiVersion: gingham.dev/v1\nkind: Tier\nmetadata: {}\n", ExitCodes.VALIDATION)
                .err())
        .startsWith("gingham: " + bad() + ": document 2 (line 6): metadata.name: is required\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void malformedName(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: gingham.dev/v1\nkind: Tier\nmetadata: {name: My_Tier}\n",
                    ExitCodes.VALIDATION)
                .err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): metadata.name: 'My_Tier' is not a valid name: 1..253 characters [a-z0-9.-]");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void namespaceOnAKindWithout(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: gingham.dev/v1\nkind: Tier\nmetadata: {name: x, namespace: prod}\n",
                    ExitCodes.VALIDATION)
                .err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): Tier prod/x: metadata.namespace: Tier is not namespaced, but namespace 'prod' is given\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void misspelledField(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: gingham.dev/v1\nkind: IPPool\nmetadata: {name: x}\nspec: {cidr: 10.1.0.0/16, natOutgoin: true}\n",
                    ExitCodes.VALIDATION)
                .err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): IPPool x: spec.natOutgoin: unknown field; the fields are cidr, blockSize, ");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void unsupportedCalicoField(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: x}\nspec: {doNotTrack: true}\n",
                    ExitCodes.VALIDATION)
                .err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): GlobalNetworkPolicy x: spec.doNotTrack: doNotTrack is not supported by Gingham's dataplane; leave it out or false\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void wrongType(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: gingham.dev/v1\nkind: Tier\nmetadata: {name: x}\nspec: {order: high}\n",
                    ExitCodes.VALIDATION)
                .err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): Tier x: spec.order: expected a number, got 'high'\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void badValue(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: gingham.dev/v1\nkind: IPPool\nmetadata: {name: x}\nspec: {cidr: 10.1.0.1/16}\n",
                    ExitCodes.VALIDATION)
                .err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): IPPool x: spec.cidr: host bits set in '10.1.0.1/16'");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void fieldsThatContradictEachOther(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: gingham.dev/v1\nkind: BGPPeer\nmetadata: {name: x}\nspec: {node: a, nodeSelector: all(), peerIP: 192.0.2.1, asNumber: 65001}\n",
                    ExitCodes.VALIDATION)
                .err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): BGPPeer x: spec.nodeSelector: give node or nodeSelector, not both (node is 'a')\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void sameResourceTwice(Cli.Store s) throws Exception {
    open(s);
    assertThat(apply(GOOD, ExitCodes.VALIDATION).err())
        .startsWith(
            "gingham: "
                + bad()
                + ": document 2 (line 6): GlobalNetworkSet fine: metadata.name: given twice (first in "
                + bad()
                + ": document 1 (line 1))\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void missingReference(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: gingham.dev/v1\nkind: GlobalNetworkPolicy\nmetadata: {name: x}\nspec: {tier: missing}\n",
                    ExitCodes.VALIDATION)
                .err())
        .isEqualTo(
            "gingham: GlobalNetworkPolicy x: spec.tier: tier 'missing' does not exist; create it first\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void brokenIpamRule(Cli.Store s) throws Exception {
    open(s);
    assertThat(
            apply(
                    "apiVersion: gingham.dev/v1\nkind: IPPool\nmetadata: {name: q}\nspec: {cidr: 10.65.128.0/17}\n",
                    ExitCodes.VALIDATION)
                .err())
        .isEqualTo(
            "gingham: IPPool q: spec.cidr: 10.65.128.0/17 overlaps pool 'p' (10.65.0.0/16)\n");
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void everyMistakeOfEveryFileIsReported(Cli.Store s) throws Exception {
    open(s);
    Path a =
        Files.writeString(
            dir.resolve("a.yaml"),
            GOOD + "---\n{apiVersion: gingham.dev/v1, kind: Tier, metadata: {name: A}}\n");
    Path b =
        Files.writeString(
            dir.resolve("b.json"),
            "{\"apiVersion\": \"gingham.dev/v1\", \"kind\": \"Tier\", \"metadata\": {\"name\": \"b\"}, \"spec\": {\"order\": \"x\"}}");
    Cli.Result r = cli.on("apply", "-f", a.toString(), "-f", b.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.VALIDATION);
    assertThat(r.err())
        .isEqualTo(
            "gingham: "
                + a
                + ": document 2 (line 6): metadata.name: 'A' is not a valid name: 1..253 characters [a-z0-9.-], starting and ending with a letter or digit\n"
                + "gingham: "
                + b
                + ": document 1 (line 1): Tier b: spec.order: expected a number, got 'x'\n"
                + "gingham: 2 invalid documents; nothing was written\n");
    assertThat(ResourceCommandsTest.contents(cli)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void emptyAndMissingFiles(Cli.Store s) throws Exception {
    open(s);
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing\n---\n");
    assertThat(cli.on("apply", "-f", empty.toString()).err())
        .isEqualTo("gingham: no resources in " + empty + "\n");
    Cli.Result missing = cli.on("apply", "-f", dir.resolve("nope.yaml").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err())
        .isEqualTo("gingham: " + dir.resolve("nope.yaml") + ": no such file or directory\n");
    assertThat(ResourceCommandsTest.contents(cli)).isEqualTo(before);
  }
}
