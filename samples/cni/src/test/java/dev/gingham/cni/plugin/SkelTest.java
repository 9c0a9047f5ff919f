package dev.gingham.cni.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.cni.spec.ErrorCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The protocol surface, in process: every missing or invalid environment variable, bad JSON, an
 * unknown cniVersion, unknown fields, commands a version does not allow, each with its exact code
 * on stdout and exit status 1; VERSION; STATUS and GC against a SQLite store; and results in every
 * version. The plugins' own executables are driven by the kernel tests.
 */
class SkelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  record Run(int exit, String stdout, String stderr) {
    JsonNode json() {
      try {
        return JSON.readTree(stdout);
      } catch (IOException e) {
        throw new IllegalStateException(stdout, e);
      }
    }

    int code() {
      return json().path("code").asInt(0);
    }

    String msg() {
      return json().path("msg").asText();
    }
  }

  static Run run(PluginKind kind, Map<String, String> env, String stdin) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Skel.run(
            kind,
            env,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8));
  }

  private Map<String, String> env(String command) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", "c0ffee");
    env.put("CNI_NETNS", "/run/netns/none");
    env.put("CNI_IFNAME", "eth0");
    env.put("CNI_PATH", "/opt/cni/bin");
    env.put("GINGHAM_IPAM_LOCK", dir.resolve("lock").toString());
    return env;
  }

  private String conf(String version, String extra) {
    return "{\"cniVersion\":\""
        + version
        + "\",\"name\":\"net\",\"type\":\"gingham\",\"nodename\":\"n1\",\"log_level\":\"none\","
        + "\"datastore\":\"sqlite:"
        + dir.resolve("state.db")
        + "\",\"ipam\":{\"type\":\"gingham-ipam\",\"ipv4_pools\":[\"10.90.0.0/30\"]}"
        + extra
        + "}";
  }

  @Test
  void versionListsEverySupportedVersion() {
    Run r = run(PluginKind.GINGHAM, Map.of("CNI_COMMAND", "VERSION"), "");
    assertThat(r.exit()).isZero();
    assertThat(r.json().get("cniVersion").asText()).isEqualTo("1.1.0");
    assertThat(r.json().get("supportedVersions").toString())
        .isEqualTo("[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]");
  }

  @ParameterizedTest(name = "{0} without {1}")
  @CsvSource({
    "ADD, CNI_CONTAINERID",
    "ADD, CNI_NETNS",
    "ADD, CNI_IFNAME",
    "ADD, CNI_PATH",
    "CHECK, CNI_NETNS",
    "DEL, CNI_CONTAINERID",
    "DEL, CNI_IFNAME",
    "DEL, CNI_PATH",
    "STATUS, CNI_PATH",
    "GC, CNI_PATH"
  })
  void aMissingVariableIsCode4NamingIt(String command, String variable) {
    Map<String, String> env = env(command);
    env.remove(variable);
    Run r = run(PluginKind.GINGHAM, env, conf("1.1.0", ""));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.code()).isEqualTo(ErrorCodes.INVALID_ENVIRONMENT);
    assertThat(r.msg()).isEqualTo("required env variables [" + variable + "] missing");
  }

  @Test
  void anEmptyVariableCountsAsMissingAndAllAreNamedAtOnce() {
    Map<String, String> env = env("ADD");
    env.put("CNI_NETNS", "");
    env.remove("CNI_IFNAME");
    Run r = run(PluginKind.GINGHAM, env, conf("1.1.0", ""));
    assertThat(r.code()).isEqualTo(ErrorCodes.INVALID_ENVIRONMENT);
    assertThat(r.msg()).isEqualTo("required env variables [CNI_NETNS,CNI_IFNAME] missing");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CNI_COMMAND|add|unknown CNI_COMMAND: add",
        "CNI_COMMAND|FOO|unknown CNI_COMMAND: FOO",
        "CNI_CONTAINERID|c/1|invalid characters in CNI_CONTAINERID",
        "CNI_CONTAINERID|-c1|invalid characters in CNI_CONTAINERID",
        "CNI_IFNAME|eth0123456789abc|longer than 15",
        "CNI_IFNAME|eth 0|forbidden character",
        "CNI_IFNAME|a/b|forbidden character",
        "CNI_IFNAME|a:b|forbidden character",
        "CNI_IFNAME|..|reserved",
        "CNI_NETNS|run/netns/x|not an absolute path",
        "CNI_ARGS|IgnoreUnknown|invalid pair",
        "CNI_ARGS|=1|invalid pair"
      })
  void anInvalidVariableIsCode4(String variable, String value, String message) {
    Map<String, String> env = env("ADD");
    env.put(variable, value);
    Run r = run(PluginKind.GINGHAM, env, conf("1.1.0", ""));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.code()).isEqualTo(ErrorCodes.INVALID_ENVIRONMENT);
    assertThat(r.msg()).contains(message);
  }

  @Test
  void aMissingCommandIsCode4() {
    Map<String, String> env = env("ADD");
    env.remove("CNI_COMMAND");
    Run r = run(PluginKind.GINGHAM, env, "");
    assertThat(r.code()).isEqualTo(ErrorCodes.INVALID_ENVIRONMENT);
    assertThat(r.msg()).contains("CNI_COMMAND");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{|6",
        "[]|6",
        "\"net\"|6",
        "{\"name\":\"a\",\"name\":\"b\"}|6",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\"} trailing|6",
        "{\"cniVersion\":\"1.0.0\"}|7",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"bad name\"}|7",
        "{\"cniVersion\":\"0.2.0\",\"name\":\"n\"}|1",
        "{\"cniVersion\":\"9.9.9\",\"name\":\"n\"}|1",
        "{\"cniVersion\":\"one\",\"name\":\"n\"}|1",
        "{\"name\":\"n\"}|1",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"mtu\":9}|7",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"log_level\":\"loud\"}|7",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"datastore_type\":\"kubernetes\"}|2",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"gingham-ipam\",\"assign_ipv4\":\"yes\"}}|7"
      })
  void badConfigurationsGetTheSpecsCodes(String stdin, int code) {
    Run r = run(PluginKind.GINGHAM, env("ADD"), stdin);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.code()).as(r.stdout()).isEqualTo(code);
  }

  @Test
  void anUnknownFieldIsCode2NamingIt() {
    Run r = run(PluginKind.GINGHAM, env("ADD"), conf("1.0.0", ",\"bridge\":\"br0\""));
    assertThat(r.code()).isEqualTo(ErrorCodes.UNSUPPORTED_FIELD);
    assertThat(r.msg()).contains("\"bridge\"");
    Run ipam =
        run(
            PluginKind.GINGHAM,
            env("ADD"),
            "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"gingham-ipam\",\"subnet\":\"usePodCidr\"}}");
    assertThat(ipam.code()).isEqualTo(ErrorCodes.UNSUPPORTED_FIELD);
    assertThat(ipam.msg()).contains("\"ipam.subnet\"");
  }

  @Test
  void theIpamPluginAcceptsItsParentsFieldsButNotUnknownIpamFields() {
    Map<String, String> env = env("DEL");
    String ptp =
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"ptp\",\"ipMasq\":true,\"mtu\":1400,"
            + "\"ipam\":{\"type\":\"gingham-ipam\",\"datastore\":\"sqlite:"
            + dir.resolve("s.db")
            + "\",\"nodename\":\"n1\"}}";
    assertThat(run(PluginKind.GINGHAM_IPAM, env, ptp).exit()).isZero();
    Run bad = run(PluginKind.GINGHAM_IPAM, env, ptp.replace("\"nodename\"", "\"rangeStart\""));
    assertThat(bad.code()).isEqualTo(ErrorCodes.UNSUPPORTED_FIELD);
    assertThat(bad.msg()).contains("ipam.rangeStart");
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"CHECK, 0.3.1", "STATUS, 1.0.0", "GC, 0.4.0"})
  void commandsNewerThanTheConfigurationAreCode1(String command, String version) {
    Run r = run(PluginKind.GINGHAM, env(command), conf(version, ""));
    assertThat(r.code()).isEqualTo(ErrorCodes.INCOMPATIBLE_VERSION);
    assertThat(r.msg()).contains("does not allow " + command);
    assertThat(r.json().get("cniVersion").asText()).isEqualTo(version);
  }

  @Test
  void statusIs50WithoutAPoolAndWhenEveryPoolIsExhaustedAndWhenTheStoreIsUnreachable() {
    String noPool =
        conf("1.1.0", "").replace("\"ipv4_pools\":[\"10.90.0.0/30\"]", "\"assign_ipv4\":true");
    Run none = run(PluginKind.GINGHAM, env("STATUS"), noPool);
    assertThat(none.code()).isEqualTo(ErrorCodes.PLUGIN_NOT_AVAILABLE);
    assertThat(none.msg()).contains("no usable IP pool");

    // A CIDR that ADD would create a pool for is available.
    assertThat(run(PluginKind.GINGHAM, env("STATUS"), conf("1.1.0", "")).exit()).isZero();

    String one = conf("1.1.0", "").replace("10.90.0.0/30", "10.90.0.8/32");
    Map<String, String> add = env("ADD");
    assertThat(run(PluginKind.GINGHAM_IPAM, add, one).exit()).isZero();
    assertThat(run(PluginKind.GINGHAM, env("STATUS"), one).code())
        .isEqualTo(ErrorCodes.PLUGIN_NOT_AVAILABLE);
    Run exhausted = run(PluginKind.GINGHAM_IPAM, env("STATUS"), one);
    assertThat(exhausted.code()).isEqualTo(ErrorCodes.PLUGIN_NOT_AVAILABLE);
    assertThat(exhausted.msg()).contains("exhausted");

    String unreachable =
        conf("1.1.0", "").replace(dir.resolve("state.db").toString(), "/proc/gingham/state.db");
    Run down = run(PluginKind.GINGHAM, env("STATUS"), unreachable);
    assertThat(down.code()).isEqualTo(ErrorCodes.PLUGIN_NOT_AVAILABLE);
    assertThat(down.msg()).contains("unreachable");
  }

  @Test
  void gcReleasesWhatNoValidAttachmentHoldsAndReadsTheOlderKeyToo() throws IOException {
    String conf = conf("1.1.0", "").replace("10.90.0.0/30", "10.90.1.0/24");
    for (String id : List.of("c1", "c2", "c3")) {
      Map<String, String> env = env("ADD");
      env.put("CNI_CONTAINERID", id);
      assertThat(run(PluginKind.GINGHAM_IPAM, env, conf).exit()).isZero();
    }
    String keep1 = ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\",\"ifname\":\"eth0\"}]";
    String keep2 = ",\"cni.dev/attachments\":[{\"containerID\":\"c3\",\"ifname\":\"eth0\"}]";
    Run gc =
        run(
            PluginKind.GINGHAM_IPAM,
            env("GC"),
            conf.substring(0, conf.length() - 1) + keep1 + keep2 + "}");
    assertThat(gc.exit()).as(gc.stdout()).isZero();
    for (String[] c : new String[][] {{"c1", "0"}, {"c2", "1"}, {"c3", "0"}}) {
      Map<String, String> env = env("CHECK");
      env.put("CNI_CONTAINERID", c[0]);
      Run check = run(PluginKind.GINGHAM_IPAM, env, conf);
      assertThat(check.exit()).as(c[0] + ": " + check.stdout()).isEqualTo(Integer.parseInt(c[1]));
    }
    Run all =
        run(
            PluginKind.GINGHAM_IPAM,
            env("GC"),
            conf.substring(0, conf.length() - 1) + ",\"cni.dev/valid-attachments\":[]}");
    assertThat(all.exit()).isZero();
    Map<String, String> env = env("CHECK");
    env.put("CNI_CONTAINERID", "c1");
    assertThat(run(PluginKind.GINGHAM_IPAM, env, conf).code()).isEqualTo(ErrorCodes.CHECK_FAILED);
    assertThat(Files.exists(dir.resolve("state.db"))).isTrue();
  }

  @Test
  void ipamCheckComparesPrevResultAndDelIsIdempotent() {
    String conf = conf("1.0.0", "").replace("10.90.0.0/30", "10.90.2.0/24");
    Run add = run(PluginKind.GINGHAM_IPAM, env("ADD"), conf);
    assertThat(add.exit()).isZero();
    String address = add.json().get("ips").get(0).get("address").asText();
    assertThat(address).matches("10\\.90\\.2\\.\\d+/26");
    assertThat(add.json().get("ips").get(0).get("gateway").asText()).isEqualTo("169.254.1.1");
    String withPrev =
        conf.substring(0, conf.length() - 1) + ",\"prevResult\":" + add.stdout() + "}";
    assertThat(run(PluginKind.GINGHAM_IPAM, env("CHECK"), withPrev).exit()).isZero();
    String wrong = withPrev.replace(address.substring(0, address.indexOf('/')), "10.90.2.250");
    Run bad = run(PluginKind.GINGHAM_IPAM, env("CHECK"), wrong);
    assertThat(bad.code()).isEqualTo(ErrorCodes.CHECK_FAILED);
    assertThat(bad.msg()).contains("10.90.2.250");
    assertThat(run(PluginKind.GINGHAM_IPAM, env("DEL"), conf).exit()).isZero();
    assertThat(run(PluginKind.GINGHAM_IPAM, env("DEL"), conf).exit()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0.3.0, true", "0.3.1, true", "0.4.0, true", "1.0.0, false", "1.1.0, false"})
  void resultsAreWrittenInTheConfigurationsVersion(String version, boolean ipVersionField) {
    String conf = conf(version, "").replace("10.90.0.0/30", "10.90.3.0/24");
    Run add = run(PluginKind.GINGHAM_IPAM, env("ADD"), conf);
    assertThat(add.exit()).as(add.stdout()).isZero();
    assertThat(add.json().get("cniVersion").asText()).isEqualTo(version);
    assertThat(add.json().get("ips").get(0).has("version")).isEqualTo(ipVersionField);
    if (ipVersionField) {
      assertThat(add.json().get("ips").get(0).get("version").asText()).isEqualTo("4");
    }
    assertThat(run(PluginKind.GINGHAM_IPAM, env("DEL"), conf).exit()).isZero();
  }

  @Test
  void calicoSpellingsAreAccepted() {
    String calico =
        "{\"cniVersion\":\"0.3.1\",\"name\":\"k8s-pod-network\",\"type\":\"gingham\","
            + "\"log_level\":\"warning\",\"log_file_path\":\""
            + dir.resolve("cni.log")
            + "\",\"datastore_type\":\"etcdv3\",\"etcd_endpoints\":\"http://127.0.0.1:1\","
            + "\"nodename\":\"n1\",\"mtu\":1440,\"policy\":{\"type\":\"k8s\"},"
            + "\"kubernetes\":{\"kubeconfig\":\"/etc/kubeconfig\"},"
            + "\"ipam\":{\"type\":\"calico-ipam\",\"assign_ipv4\":\"true\",\"assign_ipv6\":\"false\"}}";
    dev.gingham.cni.config.NetConf c =
        dev.gingham.cni.config.NetConfParser.parse(
            calico.getBytes(StandardCharsets.UTF_8),
            dev.gingham.cni.config.NetConfParser.Mode.PLUGIN);
    assertThat(c.datastore()).isEqualTo("etcd://127.0.0.1:1");
    assertThat(c.mtu()).isEqualTo(1440);
    assertThat(c.ipam().isGingham()).isTrue();
    assertThat(c.ipam().assignIpv4()).isTrue();
    assertThat(c.logFile()).isEqualTo(dir.resolve("cni.log"));
  }
}
