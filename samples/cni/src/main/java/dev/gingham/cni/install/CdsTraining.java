package dev.gingham.cni.install;

import dev.gingham.cni.plugin.PluginKind;
import dev.gingham.cni.plugin.Skel;
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
 * The dry run that the AppCDS archive is recorded from: both plugins answer VERSION, STATUS, an ADD
 * into a namespace that does not exist, DEL and GC of a container that never existed, against a
 * scratch SQLite store in a directory of its own. Nothing on the node changes: the DEL finds no
 * veth, the ADD stops at the missing namespace, the store is deleted. Run by the installer with
 * {@code -XX:ArchiveClassesAtExit}.
 */
public final class CdsTraining {
  private CdsTraining() {}

  /**
   * Runs the dry run.
   *
   * @param args one argument: the scratch directory
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    String conf =
        "{\"cniVersion\":\"1.1.0\",\"name\":\"gingham-training\",\"type\":\"gingham\","
            + "\"nodename\":\"training\",\"log_level\":\"none\",\"datastore\":\"sqlite:"
            + dir.resolve("training.db")
            + "\",\"ipam\":{\"type\":\"gingham-ipam\"}}";
    for (PluginKind kind : PluginKind.values()) {
      for (String command : new String[] {"VERSION", "STATUS", "ADD", "DEL", "GC", "CHECK"}) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "gingham-training");
        env.put("CNI_NETNS", dir.resolve("no-such-netns").toString());
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
      }
    }
  }
}
