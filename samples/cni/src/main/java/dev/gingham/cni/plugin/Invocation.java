package dev.gingham.cni.plugin;

import dev.gingham.cni.config.NetConf;
import dev.gingham.cni.spec.CniEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One run of a plugin: its environment, configuration, log and backend, and the settings read from
 * the process environment ({@code GINGHAM_IPAM_LOCK}).
 *
 * @param env the checked CNI environment
 * @param conf the checked configuration
 * @param log the log
 * @param backend what the run opens
 * @param processEnv the process environment
 */
record Invocation(
    CniEnvironment env,
    NetConf conf,
    PluginLog log,
    Backend backend,
    Map<String, String> processEnv) {
  /** How long a plugin waits for the host's IPAM lock. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(120);

  /** How long IPAM may take once the lock is held. */
  static final Duration IPAM_TIMEOUT = Duration.ofSeconds(90);

  /** The node's name: the configuration's, else the host name, lower-cased. */
  String node() {
    String n = conf.ipamNodename();
    if (n != null) {
      return n;
    }
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!h.isEmpty()) {
        return h.toLowerCase(Locale.ROOT);
      }
    } catch (IOException e) {
      // not Linux, or no /proc: fall through
    }
    return "localhost";
  }

  /** The handle of this container's addresses. */
  String handle() {
    return WorkloadIpam.handle(conf.name(), env.containerId());
  }

  /**
   * The attributes stored with the container's addresses, which GC and {@code gingham ipam check}
   * read back: the node, network, container and interface, and the pod when the runtime names it.
   */
  Map<String, String> ipamAttributes(String node) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(WorkloadIpam.NODE, node);
    a.put(WorkloadIpam.NETWORK, conf.name());
    a.put(WorkloadIpam.CONTAINER, env.containerId());
    a.put(WorkloadIpam.IFNAME, env.ifname());
    String pod = env.args().getOrDefault("K8S_POD_NAME", "");
    if (!pod.isEmpty()) {
      a.put("pod", pod);
      a.put("namespace", Endpoints.namespace(env.args()));
    }
    return a;
  }

  /** Takes the host's IPAM lock. */
  HostLock.Held lock() {
    String p = processEnv.getOrDefault("GINGHAM_IPAM_LOCK", "");
    Path path = p.isEmpty() ? HostLock.DEFAULT_PATH : Path.of(p);
    long t0 = System.nanoTime();
    HostLock.Held held = HostLock.acquire(path, LOCK_WAIT, IPAM_TIMEOUT);
    log.debug("IPAM lock held after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    return held;
  }

  /** The IPAM view of this run. */
  WorkloadIpam ipam() {
    return new WorkloadIpam(backend.ipam(), conf.ipam(), log);
  }
}
