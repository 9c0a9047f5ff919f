package dev.gingham.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.NoSuchObjectException;
import dev.gingham.spi.dataplane.ObjectExistsException;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.VethSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failures: each is a typed exception naming the object and the errno, and leaves nothing behind.
 * The permission case runs a child JVM in a user namespace, where it is root without CAP_NET_ADMIN
 * over this machine's network namespace.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ErrorPathsTest {
  private static final String PREFIX = "gherr";

  private LinuxDataplane dp;
  private final String name = PREFIX + ProcessHandle.current().pid();
  private final String other = PREFIX + ProcessHandle.current().pid() + "-b";
  private NetworkNamespace ns;
  private NetworkNamespace peer;

  @BeforeAll
  static void prerequisites() {
    Prerequisites.require();
    TestNamespaces.removeStale(PREFIX);
  }

  @BeforeEach
  void create() {
    dp = LinuxDataplane.open();
    ns = dp.namespaces().create(name);
    peer = dp.namespaces().create(other);
  }

  @AfterEach
  void delete() {
    try {
      dp.namespaces().delete(name);
      dp.namespaces().delete(other);
    } finally {
      dp.close();
    }
  }

  @Test
  void aMissingNamespaceIsNoSuchObject() {
    Path missing = Path.of("/run/netns/" + PREFIX + "-missing");
    assertThatThrownBy(() -> dp.namespaces().open(missing))
        .isInstanceOf(NoSuchObjectException.class)
        .hasMessageContaining(missing.toString())
        .satisfies(e -> assertThat(((DataplaneException) e).errno()).isEqualTo("ENOENT"));
    assertThatThrownBy(() -> dp.namespaces().open(Path.of("/etc/hostname")))
        .isInstanceOf(DataplaneException.class)
        .hasMessageContaining("not a network namespace");
    assertThat(dp.namespaces().list()).doesNotContain(PREFIX + "-missing");
  }

  @Test
  void aLinkThatExistsIsObjectExistsAndNothingIsCreated() {
    dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", peer, null, 0));
    List<Link> before = dp.links().list(ns);
    List<Link> peerBefore = dp.links().list(peer);
    assertThatThrownBy(
            () -> dp.links().createVeth(ns, new VethSpec("gt0", null, "gt9", peer, null, 0)))
        .isInstanceOf(ObjectExistsException.class)
        .hasMessageContaining("veth gt0 peer gt9")
        .hasMessageContaining("EEXIST");
    assertThatThrownBy(
            () -> dp.links().createVeth(ns, new VethSpec("gt8", null, "gt1", peer, null, 0)))
        .isInstanceOf(ObjectExistsException.class);
    assertThat(dp.links().list(ns)).isEqualTo(before);
    assertThat(dp.links().list(peer)).isEqualTo(peerBefore);
  }

  @Test
  void aRouteToAMissingDeviceIsNoSuchObjectAndChangesNothing() {
    List<Route> before = dp.routes().list(ns, RouteFilter.ALL);
    Route r =
        Route.builder(IpPrefix.parse("10.1.0.0/26"))
            .device("gtnone")
            .protocol(Route.PROTOCOL_GINGHAM)
            .build();
    assertThatThrownBy(() -> dp.routes().add(ns, r))
        .isInstanceOf(NoSuchObjectException.class)
        .hasMessageContaining("route 10.1.0.0/26 dev gtnone")
        .hasMessageContaining("ENODEV");
    // A gateway the kernel cannot reach: its own errno, in the same form.
    Route unreachable =
        Route.builder(IpPrefix.parse("10.1.0.0/26"))
            .gateway(IpAddress.parse("10.0.0.2"))
            .protocol(Route.PROTOCOL_GINGHAM)
            .build();
    assertThatThrownBy(() -> dp.routes().add(ns, unreachable))
        .isInstanceOf(DataplaneException.class)
        .hasMessageStartingWith(
            "route 10.1.0.0/26 via 10.0.0.2 proto 80 in " + name + ": ENETUNREACH");
    assertThatThrownBy(
            () ->
                dp.addresses()
                    .add(ns, InterfaceAddress.of("gtnone", IpAddress.parse("10.0.0.1"), 24)))
        .isInstanceOf(NoSuchObjectException.class);
    assertThat(dp.routes().list(ns, RouteFilter.ALL)).isEqualTo(before);
  }

  @Test
  void withoutNetAdminEveryAttemptIsAPermissionErrorAndLeavesNothing()
      throws IOException, InterruptedException {
    String probe = PREFIX + "u" + ProcessHandle.current().pid();
    List<String> hostLinks = linkNames(dp.namespaces().host());
    Process p =
        new ProcessBuilder(
                "unshare",
                "--user",
                "--map-root-user",
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                UnprivilegedProbe.class.getName(),
                probe,
                "/run/netns/" + name)
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe ends").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(text)
        .as(text)
        .contains("veth DataplanePermissionException EPERM")
        .contains("netns DataplanePermissionException EPERM")
        .contains("enter DataplanePermissionException EPERM");
    assertThat(linkNames(dp.namespaces().host())).isEqualTo(hostLinks);
    assertThat(dp.namespaces().list()).noneMatch(n -> n.startsWith(probe));
  }

  private List<String> linkNames(NetworkNamespace n) {
    return dp.links().list(n).stream().map(Link::name).toList();
  }
}
