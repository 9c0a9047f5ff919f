package dev.gingham.cni.plugin;

import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.CniResult;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.core.PodInterface;
import dev.gingham.core.PodNetworks;
import dev.gingham.core.WiredPod;
import dev.gingham.ipam.AssignResult;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.resource.ResourceId;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.NoSuchObjectException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code gingham} plugin's commands: a pod wired as Calico wires it ({@link PodNetworks}),
 * addresses from Gingham's IPAM in process, and a WorkloadEndpoint in the datastore.
 *
 * <p>ADD takes its steps in Calico's order (IPAM, veth, addresses and routes, endpoint) and undoes
 * every one before a failed step, IPAM included. DEL is idempotent and best effort: it releases
 * IPAM and removes the endpoint whether or not the namespace, {@code CNI_NETNS} or {@code
 * prevResult} are there. CHECK compares the namespace and the node with {@code prevResult}.
 */
final class MainPlugin {
  /** The host ends' prefix: {@code gg} and 11 hexadecimal characters. */
  static final String HOST_END_PREFIX = "gg";

  /** The node agent writes the MTU pods should get here, as calico-node writes its own. */
  static final Path AGENT_MTU_FILE = Path.of("/var/lib/gingham/mtu");

  private MainPlugin() {}

  static CniResult add(Invocation inv) {
    requireGinghamIpam(inv);
    String id = inv.env().containerId();
    String ifname = inv.env().ifname();
    Path netns = requireNetns(inv);
    inv.backend().openStoreAhead();
    Dataplane dp = inv.backend().dataplane();
    NetworkNamespace host = dp.namespaces().host();
    String hostEnd = PodNetworks.hostEndName(HOST_END_PREFIX, id);
    try (NetworkNamespace pod = open(dp, netns)) {
      if (dp.links().get(pod, ifname).isPresent()) {
        throw new CniException(
            ErrorCodes.INTERFACE_EXISTS,
            "container " + id + " already has an interface named " + ifname + " in " + netns);
      }
      if (dp.links().get(host, hostEnd).isPresent()) {
        // A veth left by an ADD that was killed before its DEL: it is this container's own.
        inv.log().warn("removing the stale host end " + hostEnd + " of container " + id);
        dp.links().delete(host, hostEnd);
      }
      String node = inv.node();
      String handle = inv.handle();
      WorkloadIpam ipam = inv.ipam();
      AssignResult assigned;
      int mtu;
      try (HostLock.Held lock = inv.lock()) {
        assigned = lock.call(() -> ipam.assign(handle, node, inv.ipamAttributes(node)));
        mtu = lock.call(() -> mtu(inv, ipam));
      }
      try {
        PodInterface spec = new PodInterface(hostEnd, ifname, assigned.all(), mtu);
        WiredPod wired = PodNetworks.wire(dp, host, pod, spec);
        // The host's plugins write the store one at a time: SQLite has one writer, and fifty
        // plugins retrying on its busy lock starve some of them, where the host lock queues them.
        try (HostLock.Held lock = inv.lock()) {
          ResourceId ep = Endpoints.id(node, id, ifname, inv.env().args());
          lock.run(
              () ->
                  Endpoints.write(
                      inv.backend().resources(), ep, node, id, ifname, inv.env().args(), wired));
        } catch (RuntimeException e) {
          try {
            PodNetworks.unwire(dp, host, spec);
          } catch (RuntimeException u) {
            e.addSuppressed(u);
          }
          throw e;
        }
        inv.log().info("added " + id + ": " + hostEnd + " <-> " + ifname + " " + assigned.all());
        CniResult ours = result(wired, netns.toString());
        CniResult prev = inv.conf().prevResult();
        return prev == null ? ours : prev.plus(ours);
      } catch (RuntimeException e) {
        try (HostLock.Held lock = inv.lock()) {
          lock.run(() -> ipam.release(handle));
        } catch (RuntimeException u) {
          e.addSuppressed(u);
        }
        throw e;
      }
    }
  }

  static void del(Invocation inv) {
    requireGinghamIpam(inv);
    String id = inv.env().containerId();
    String ifname = inv.env().ifname();
    String node = inv.node();
    String handle = inv.handle();
    inv.backend().openStoreAhead();
    Dataplane dp = inv.backend().dataplane();
    WorkloadIpam ipam = inv.ipam();
    List<IpAddress> addresses = new ArrayList<>(ipam.addresses(handle));
    CniResult prev = inv.conf().prevResult();
    if (addresses.isEmpty() && prev != null) {
      prev.ips().forEach(ip -> addresses.add(ip.address()));
    }
    String hostEnd = PodNetworks.hostEndName(HOST_END_PREFIX, id);
    boolean existed =
        PodNetworks.unwire(
            dp,
            dp.namespaces().host(),
            new PodInterface(hostEnd, ifname, onePerFamily(addresses), 0));
    List<IpAddress> released;
    boolean endpoint;
    // Both are datastore writes, so both go under the host lock, as ADD's do: fifty DELs writing
    // their endpoints outside it starved one's release of SQLite's write lock past its timeout.
    try (HostLock.Held lock = inv.lock()) {
      released = ipam.release(handle);
      endpoint =
          Endpoints.delete(
              inv.backend().resources(), Endpoints.id(node, id, ifname, inv.env().args()));
    }
    inv.log()
        .info(
            "deleted "
                + id
                + ": veth "
                + (existed ? "removed" : "already gone")
                + ", released "
                + released
                + ", endpoint "
                + (endpoint ? "removed" : "already gone"));
  }

  static void check(Invocation inv) {
    requireGinghamIpam(inv);
    CniResult prev = inv.conf().prevResult();
    if (prev == null) {
      throw new CniException(
          ErrorCodes.INVALID_NETWORK_CONFIG, "CHECK needs prevResult in the configuration");
    }
    String id = inv.env().containerId();
    String ifname = inv.env().ifname();
    Path netns = requireNetns(inv);
    int index = -1;
    for (int i = 0; i < prev.interfaces().size(); i++) {
      CniResult.Interface f = prev.interfaces().get(i);
      if (f.name().equals(ifname) && f.sandbox().equals(netns.toString())) {
        index = i;
      }
    }
    if (index < 0) {
      throw new CniException(
          ErrorCodes.CHECK_FAILED, "prevResult has no interface " + ifname + " in " + netns);
    }
    List<IpAddress> addresses = new ArrayList<>();
    for (CniResult.IpConfig ip : prev.ips()) {
      if (ip.interfaceIndex() != null && ip.interfaceIndex() == index) {
        addresses.add(ip.address());
      }
    }
    List<String> problems = new ArrayList<>();
    List<IpAddress> held = inv.ipam().addresses(inv.handle());
    for (IpAddress a : addresses) {
      if (!held.contains(a)) {
        problems.add("IPAM no longer assigns " + a + " to " + inv.handle());
      }
    }
    Dataplane dp = inv.backend().dataplane();
    String hostEnd = PodNetworks.hostEndName(HOST_END_PREFIX, id);
    try (NetworkNamespace pod = open(dp, netns)) {
      problems.addAll(
          PodNetworks.check(
              dp, dp.namespaces().host(), pod, new PodInterface(hostEnd, ifname, addresses, 0)));
    }
    if (!Endpoints.exists(
        inv.backend().resources(), Endpoints.id(inv.node(), id, ifname, inv.env().args()))) {
      problems.add("the WorkloadEndpoint of " + id + " is missing");
    }
    if (!problems.isEmpty()) {
      throw new CniException(ErrorCodes.CHECK_FAILED, String.join("; ", problems));
    }
  }

  static void gc(Invocation inv) {
    HostCommands.gc(
        inv,
        attributes -> {
          String id = attributes.getOrDefault(WorkloadIpam.CONTAINER, "");
          String ifname = attributes.getOrDefault(WorkloadIpam.IFNAME, "");
          Dataplane dp = inv.backend().dataplane();
          dp.links().delete(dp.namespaces().host(), PodNetworks.hostEndName(HOST_END_PREFIX, id));
          Map<String, String> args =
              Map.of("K8S_POD_NAMESPACE", attributes.getOrDefault("namespace", ""));
          try (HostLock.Held lock = inv.lock()) {
            lock.run(
                () ->
                    Endpoints.delete(
                        inv.backend().resources(), Endpoints.id(inv.node(), id, ifname, args)));
          }
        });
  }

  static CniResult result(WiredPod wired, String sandbox) {
    PodInterface spec = wired.spec();
    List<CniResult.Interface> ifs =
        List.of(
            new CniResult.Interface(spec.hostEnd(), PodNetworks.HOST_MAC.toString(), 0, ""),
            new CniResult.Interface(spec.podEnd(), wired.podMac().toString(), spec.mtu(), sandbox));
    List<CniResult.IpConfig> ips = new ArrayList<>();
    List<CniResult.RouteEntry> routes = new ArrayList<>();
    for (IpAddress a : spec.addresses()) {
      boolean v4 = a.family() == IpFamily.IPV4;
      ips.add(
          new CniResult.IpConfig(
              a, a.bitLength(), v4 ? PodNetworks.GATEWAY_V4 : PodNetworks.GATEWAY_V6, 1));
      routes.add(
          new CniResult.RouteEntry(
              IpPrefix.parse(v4 ? "0.0.0.0/0" : "::/0"),
              v4 ? PodNetworks.GATEWAY_V4 : PodNetworks.GATEWAY_V6));
    }
    return new CniResult(ifs, ips, routes, CniResult.Dns.EMPTY);
  }

  /** The configured MTU, else the agent's MTU file, else 1500 less the pools' overhead. */
  private static int mtu(Invocation inv, WorkloadIpam ipam) {
    if (inv.conf().mtu() > 0) {
      return inv.conf().mtu();
    }
    try {
      if (Files.isRegularFile(AGENT_MTU_FILE)) {
        int m = Integer.parseInt(Files.readString(AGENT_MTU_FILE).strip());
        if (m >= 68 && m <= 65535) {
          return m;
        }
        inv.log().warn(AGENT_MTU_FILE + " holds " + m + ", not an MTU; using the pools'");
      }
    } catch (IOException | NumberFormatException e) {
      inv.log().warn(AGENT_MTU_FILE + " cannot be read (" + e.getMessage() + "); using the pools'");
    }
    return ipam.defaultMtu();
  }

  private static List<IpAddress> onePerFamily(List<IpAddress> addresses) {
    List<IpAddress> out = new ArrayList<>();
    for (IpFamily f : IpFamily.values()) {
      addresses.stream().filter(a -> a.family() == f).findFirst().ifPresent(out::add);
    }
    return out;
  }

  private static Path requireNetns(Invocation inv) {
    return Optional.ofNullable(inv.env().netns())
        .orElseThrow(
            () -> new CniException(ErrorCodes.INVALID_ENVIRONMENT, "CNI_NETNS is required"));
  }

  private static NetworkNamespace open(Dataplane dp, Path netns) {
    try {
      return dp.namespaces().open(netns);
    } catch (NoSuchObjectException e) {
      throw new CniException(
          ErrorCodes.UNKNOWN_CONTAINER, "the network namespace " + netns + " does not exist", e);
    }
  }

  private static void requireGinghamIpam(Invocation inv) {
    if (!inv.conf().ipam().isGingham()) {
      throw new CniException(
          ErrorCodes.UNSUPPORTED_FIELD,
          "ipam.type \""
              + inv.conf().ipam().type()
              + "\": gingham assigns with gingham-ipam (or calico-ipam), in process");
    }
  }
}
