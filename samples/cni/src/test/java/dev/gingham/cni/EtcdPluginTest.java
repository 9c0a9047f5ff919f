package dev.gingham.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.cni.install.CniInstaller;
import dev.gingham.cni.plugin.EtcdClassPath;
import dev.gingham.cni.runtime.PluginExecutor;
import dev.gingham.core.Ipams;
import dev.gingham.datastore.etcd.EtcdExtension;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code etcd://} configuration against a real etcd, through the installed launcher, whose class
 * path leaves the etcd store's jars aside: {@code gingham-ipam} assigns from etcd, a second ADD of
 * another container gets another address, and DEL releases both.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EtcdPluginTest {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.single();

  @TempDir Path dir;

  @Test
  void anEtcdConfigurationAssignsAndReleasesWithTheEtcdJarsKeptAside() throws Exception {
    CniInstaller.Result installed = PluginInstall.get();
    String launcher = Files.readString(installed.ginghamIpam());
    String command =
        launcher.lines().filter(l -> l.startsWith("set -- ")).findFirst().orElseThrow();
    String classPath = command.substring(command.indexOf(" -cp '") + 6);
    classPath = classPath.substring(0, classPath.indexOf('\''));
    assertThat(classPath).doesNotContain(":").endsWith("/gingham-plugins.jar");
    try (JarFile merged = new JarFile(classPath)) {
      assertThat(merged.getManifest().getMainAttributes().getValue("Gingham-Merged-From"))
          .contains("sqlite-jdbc")
          .doesNotContain("jetcd-core", "grpc-core");
    }
    assertThat(command).contains("-D" + EtcdClassPath.PROPERTY + "=").contains("jetcd-core");

    String uri = ETCD.uri("prefix=/cni-test");
    ObjectNode conf = CniRuntime.JSON.createObjectNode();
    conf.put("cniVersion", "1.0.0");
    conf.put("name", "etcdnet");
    conf.put("type", "ptp");
    ObjectNode ipam = conf.putObject("ipam");
    ipam.put("type", "gingham-ipam");
    ipam.put("datastore", uri);
    ipam.put("nodename", "node-e");
    ipam.putArray("ipv4_pools").add("10.78.0.0/24");

    PluginExecutor.Exec a = run("ADD", "c1", conf);
    assertThat(a.exit()).as(a.stdout() + a.stderr()).isZero();
    PluginExecutor.Exec b = run("ADD", "c2", conf);
    assertThat(b.exit()).as(b.stdout() + b.stderr()).isZero();
    String first = address(a);
    String second = address(b);
    assertThat(first).startsWith("10.78.0.");
    assertThat(second).startsWith("10.78.0.").isNotEqualTo(first);
    try (Datastore store = Datastores.open(uri)) {
      assertThat(Ipams.create(store).allocations()).hasSize(2);
    }

    for (String c : List.of("c1", "c2")) {
      PluginExecutor.Exec d = run("DEL", c, conf);
      assertThat(d.exit()).as(d.stdout() + d.stderr()).isZero();
    }
    try (Datastore store = Datastores.open(uri)) {
      assertThat(Ipams.create(store).allocations()).isEmpty();
    }
  }

  private PluginExecutor.Exec run(String command, String container, ObjectNode conf)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", container);
    env.put("CNI_NETNS", "/run/netns/" + container);
    env.put("CNI_IFNAME", "eth0");
    env.put("CNI_PATH", PluginInstall.binDir().toString());
    env.put("GINGHAM_IPAM_LOCK", dir.resolve("ipam.lock").toString());
    return PluginExecutor.run(
        List.of(),
        PluginInstall.binDir().resolve("gingham-ipam"),
        env,
        CniRuntime.JSON.writeValueAsString(conf),
        Duration.ofSeconds(CniRuntime.TIMEOUT_SECONDS));
  }

  private static String address(PluginExecutor.Exec e) throws Exception {
    JsonNode r = CniRuntime.JSON.readTree(e.stdout());
    String cidr = r.get("ips").get(0).get("address").asText();
    return cidr.substring(0, cidr.indexOf('/'));
  }
}
