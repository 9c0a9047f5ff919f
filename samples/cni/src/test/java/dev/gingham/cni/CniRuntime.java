package dev.gingham.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A container runtime's side of CNI, as libcni does it, for the tests: plugins found along {@code
 * CNI_PATH} (the installed launchers first, then Debian's {@code /usr/lib/cni}), executed with the
 * protocol's environment and each plugin's configuration on stdin (the conflist's {@code name} and
 * {@code cniVersion} injected, {@code prevResult} from the plugin before it, {@code runtimeConfig}
 * for the capabilities it declares), the final ADD result cached per attachment, DEL run in reverse
 * chain order with the cached result, CHECK with it, and GC with {@code cni.dev/valid-attachments}.
 *
 * <p>The plugins run in the test's node namespace ({@code nsenter --net}), which stands for the
 * host, so that every veth and route they make stays inside namespaces the test owns. Every
 * execution is bounded to {@value #TIMEOUT_SECONDS} seconds.
 */
final class CniRuntime {
  static final long TIMEOUT_SECONDS = 120;
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path binDir;
  private final String nodeNetns;
  private final Path cacheDir;
  private final Map<String, String> extraEnv = new HashMap<>();

  /**
   * @param binDir where the installed plugins are
   * @param nodeNetns the node namespace's name, under {@code /run/netns}
   * @param cacheDir where results are cached
   */
  CniRuntime(Path binDir, String nodeNetns, Path cacheDir) {
    this.binDir = binDir;
    this.nodeNetns = nodeNetns;
    this.cacheDir = cacheDir;
  }

  /** An extra variable for every plugin's environment (such as {@code GINGHAM_IPAM_LOCK}). */
  CniRuntime env(String key, String value) {
    extraEnv.put(key, value);
    return this;
  }

  /** What a plugin did. */
  record Exec(int exit, String stdout, String stderr) {
    /** Its stdout as JSON. */
    JsonNode json() {
      try {
        return JSON.readTree(stdout);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + stdout + " (stderr: " + stderr + ")", e);
      }
    }

    /** The error code on stdout, or 0. */
    int code() {
      return exit == 0 ? 0 : json().path("code").asInt(-1);
    }

    @Override
    public String toString() {
      return "exit " + exit + ", stdout " + stdout + ", stderr " + stderr;
    }
  }

  /** An attachment: a container's interface in a namespace. */
  record Attachment(String containerId, String netns, String ifname, Map<String, String> args) {
    Attachment(String containerId, String netns, String ifname) {
      this(containerId, netns, ifname, Map.of());
    }
  }

  /** Runs one plugin with a raw environment and stdin: the runtime's lowest level. */
  Exec exec(String type, Map<String, String> env, String stdin) {
    Path plugin = find(type);
    List<String> cmd =
        new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + nodeNetns, plugin.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("CNI_"));
    pb.environment().putAll(extraEnv);
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p, true));
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p, false));
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(type + " took longer than " + TIMEOUT_SECONDS + " s");
      }
      return new Exec(
          p.exitValue(),
          new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip(),
          new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(type + " failed to run", e);
    }
  }

  /** Starts a plugin and returns the process, for tests that kill it midway. */
  Process start(String type, Map<String, String> env) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder("nsenter", "--net=/run/netns/" + nodeNetns, find(type).toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("CNI_"));
    pb.environment().putAll(extraEnv);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    return pb.start();
  }

  /** The protocol's environment for an attachment. */
  Map<String, String> env(String command, Attachment a) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", a.containerId());
    env.put("CNI_NETNS", a.netns());
    env.put("CNI_IFNAME", a.ifname());
    env.put("CNI_PATH", cniPath());
    StringBuilder args = new StringBuilder();
    a.args()
        .forEach(
            (k, v) -> args.append(args.length() == 0 ? "" : ";").append(k).append('=').append(v));
    if (args.length() > 0) {
      env.put("CNI_ARGS", args.toString());
    }
    return env;
  }

  String cniPath() {
    return binDir + ":/usr/lib/cni";
  }

  /** ADD through the chain; caches and returns the last result, or the first failure. */
  Exec add(ObjectNode conflist, Attachment a, Map<String, JsonNode> runtimeConfig) {
    JsonNode prev = null;
    Exec last = null;
    for (JsonNode plugin : (ArrayNode) conflist.get("plugins")) {
      last =
          exec(
              plugin.get("type").asText(),
              env("ADD", a),
              config(conflist, plugin, prev, runtimeConfig, List.of()));
      if (last.exit() != 0) {
        return last;
      }
      prev = last.json();
    }
    write(cacheFile(conflist, a), last.stdout());
    return last;
  }

  /** ADD without runtime configuration. */
  Exec add(ObjectNode conflist, Attachment a) {
    return add(conflist, a, Map.of());
  }

  /** CHECK through the chain, with the cached result; the first failure, or the last answer. */
  Exec check(ObjectNode conflist, Attachment a) {
    JsonNode cached = cached(conflist, a);
    Exec last = null;
    for (JsonNode plugin : (ArrayNode) conflist.get("plugins")) {
      last =
          exec(
              plugin.get("type").asText(),
              env("CHECK", a),
              config(conflist, plugin, cached, Map.of(), List.of()));
      if (last.exit() != 0) {
        return last;
      }
    }
    return last;
  }

  /** DEL in reverse chain order, with the cached result when there is one; removes it. */
  Exec del(ObjectNode conflist, Attachment a, Map<String, JsonNode> runtimeConfig) {
    JsonNode cached = cached(conflist, a);
    List<JsonNode> plugins = new ArrayList<>();
    conflist.get("plugins").forEach(plugins::add);
    Exec last = null;
    for (int i = plugins.size() - 1; i >= 0; i--) {
      JsonNode plugin = plugins.get(i);
      last =
          exec(
              plugin.get("type").asText(),
              env("DEL", a),
              config(conflist, plugin, cached, runtimeConfig, List.of()));
      if (last.exit() != 0) {
        return last;
      }
    }
    try {
      Files.deleteIfExists(cacheFile(conflist, a));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return last;
  }

  Exec del(ObjectNode conflist, Attachment a) {
    return del(conflist, a, Map.of());
  }

  /** GC of every plugin, keeping the given attachments. */
  Exec gc(ObjectNode conflist, List<Attachment> valid) {
    Exec last = null;
    for (JsonNode plugin : (ArrayNode) conflist.get("plugins")) {
      Map<String, String> env = new HashMap<>();
      env.put("CNI_COMMAND", "GC");
      env.put("CNI_PATH", cniPath());
      last =
          exec(
              plugin.get("type").asText(),
              env,
              config(conflist, plugin, null, Map.of(), valid, true));
      if (last.exit() != 0) {
        return last;
      }
    }
    return last;
  }

  /** STATUS of the first plugin. */
  Exec status(ObjectNode conflist) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", "STATUS");
    env.put("CNI_PATH", cniPath());
    JsonNode plugin = conflist.get("plugins").get(0);
    return exec(
        plugin.get("type").asText(), env, config(conflist, plugin, null, Map.of(), List.of()));
  }

  /** A plugin's configuration as libcni builds it. */
  static String config(
      ObjectNode conflist,
      JsonNode plugin,
      JsonNode prevResult,
      Map<String, JsonNode> runtimeConfig,
      List<Attachment> valid) {
    return config(conflist, plugin, prevResult, runtimeConfig, valid, false);
  }

  /** A plugin's configuration; with {@code gc}, GC's list of valid attachments. */
  static String config(
      ObjectNode conflist,
      JsonNode plugin,
      JsonNode prevResult,
      Map<String, JsonNode> runtimeConfig,
      List<Attachment> valid,
      boolean gc) {
    ObjectNode c = ((ObjectNode) plugin).deepCopy();
    c.put("name", conflist.get("name").asText());
    c.put("cniVersion", conflist.get("cniVersion").asText());
    if (prevResult != null) {
      c.set("prevResult", prevResult);
    }
    JsonNode caps = plugin.get("capabilities");
    if (caps != null) {
      ObjectNode rc = c.putObject("runtimeConfig");
      caps.fieldNames()
          .forEachRemaining(
              k -> {
                if (caps.get(k).asBoolean() && runtimeConfig.containsKey(k)) {
                  rc.set(k, runtimeConfig.get(k));
                }
              });
    }
    if (gc) {
      ArrayNode a = c.putArray("cni.dev/valid-attachments");
      for (Attachment v : valid) {
        a.addObject().put("containerID", v.containerId()).put("ifname", v.ifname());
      }
    }
    return c.toString();
  }

  private JsonNode cached(ObjectNode conflist, Attachment a) {
    Path f = cacheFile(conflist, a);
    if (!Files.exists(f)) {
      return null;
    }
    try {
      return JSON.readTree(Files.readString(f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path cacheFile(ObjectNode conflist, Attachment a) {
    return cacheDir.resolve(
        conflist.get("name").asText() + "-" + a.containerId() + "-" + a.ifname());
  }

  private static void write(Path f, String text) {
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(f, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path find(String type) {
    for (String dir : cniPath().split(":")) {
      Path p = Path.of(dir, type);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException("no plugin " + type + " in " + cniPath());
  }

  private static byte[] readAll(Process p, boolean stdout) {
    try {
      return (stdout ? p.getInputStream() : p.getErrorStream()).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
