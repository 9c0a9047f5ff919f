package dev.gingham.cni.install;

import dev.gingham.cni.plugin.PluginKind;
import dev.gingham.cni.plugin.Skel;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The training run whose loaded classes the AppCDS archive holds.
 *
 * <p>The dry run, always: both plugins answer VERSION, STATUS, an ADD into a namespace that does
 * not exist, DEL and GC of a container that never existed, and CHECK, against a scratch SQLite
 * store in a directory of its own. Nothing on the node changes: the DEL finds no veth, the ADD
 * stops at the missing namespace, the store is deleted.
 *
 * <p>With {@value #KERNEL}, run by the installer inside a network namespace of its own ({@code
 * unshare --net}, as root), the main plugin also wires a real pod: ADD, CHECK and DEL into a pod
 * namespace made for it and deleted afterwards. The host ends, routes and sysctls land in the
 * unshared namespace, which disappears with the process; so the archive holds the classes of the
 * kernel path as well, and the node is still untouched.
 */
public final class CdsTraining {
  /** The argument that asks for the kernel part; the caller has unshared the network namespace. */
  static final String KERNEL = "--kernel";

  /** util-linux's {@code unshare}, Essential on Debian. */
  static final String UNSHARE = "/usr/bin/unshare";

  private CdsTraining() {}

  /** Whether this process may run the kernel part: root, with {@code unshare} installed. */
  static boolean canWirePods() {
    try {
      return Files.isExecutable(Path.of(UNSHARE))
          && Files.isDirectory(Path.of("/proc/self/ns"))
          && Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Runs the training.
   *
   * @param args the scratch directory, then optionally {@value #KERNEL}
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    String conf =
        "{\"cniVersion\":\"1.1.0\",\"name\":\"gingham-training\",\"type\":\"gingham\","
            + "\"nodename\":\"training\",\"log_level\":\"none\",\"datastore\":\"sqlite:"
            + dir.resolve("training.db")
            + "\",\"ipam\":{\"type\":\"gingham-ipam\",\"ipv4_pools\":[\"198.18.0.0/24\"]}}";
    String missing = dir.resolve("no-such-netns").toString();
    for (PluginKind kind : PluginKind.values()) {
      for (String command : new String[] {"VERSION", "STATUS", "ADD", "DEL", "GC", "CHECK"}) {
        run(kind, command, missing, dir, conf);
      }
    }
    if (args.length > 1 && args[1].equals(KERNEL)) {
      try {
        wirePod(dir, conf);
      } catch (RuntimeException e) {
        // The dry run's classes still make an archive; the log says why the rest is missing.
        System.err.println("training without the kernel path: " + e);
      }
    }
  }

  /** ADD, CHECK and DEL of a real pod in a pod namespace made here and deleted afterwards. */
  private static void wirePod(Path dir, String conf) {
    String pod = "gingham-training-" + ProcessHandle.current().pid();
    try (Dataplane dp = Dataplanes.open("linux")) {
      dp.namespaces().create(pod).close();
      try {
        String netns = "/run/netns/" + pod;
        String result = run(PluginKind.GINGHAM, "ADD", netns, dir, conf);
        if (result.startsWith("{\"cniVersion\"") && !result.contains("\"code\"")) {
          String withPrev =
              conf.substring(0, conf.length() - 1) + ",\"prevResult\":" + result.strip() + "}";
          run(PluginKind.GINGHAM, "CHECK", netns, dir, withPrev);
        }
        run(PluginKind.GINGHAM, "DEL", netns, dir, conf);
      } finally {
        dp.namespaces().delete(pod);
      }
    }
  }

  /** One invocation; returns its stdout. */
  private static String run(PluginKind kind, String command, String netns, Path dir, String conf) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", "gingham-training");
    env.put("CNI_NETNS", netns);
    env.put("CNI_IFNAME", "eth0");
    env.put("CNI_PATH", dir.toString());
    env.put("GINGHAM_IPAM_LOCK", dir.resolve("ipam.lock").toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Skel.run(
        kind,
        env,
        new ByteArrayInputStream(conf.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
