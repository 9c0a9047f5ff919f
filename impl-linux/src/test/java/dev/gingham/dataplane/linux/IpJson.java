package dev.gingham.dataplane.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ip -j} (and {@code bridge -j}) report in a namespace: the tests' independent view.
 */
final class IpJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IpJson() {}

  /** Runs {@code ip -n NS -j ARGS} and returns its array. */
  static List<JsonNode> ip(String ns, String... args) {
    return run("ip", ns, args);
  }

  /** Runs {@code bridge -n NS -j ARGS} and returns its array. */
  static List<JsonNode> bridge(String ns, String... args) {
    return run("bridge", ns, args);
  }

  private static List<JsonNode> run(String tool, String ns, String... args) {
    List<String> cmd = new ArrayList<>(List.of(tool, "-n", ns, "-j"));
    cmd.addAll(List.of(args));
    String out = Shell.run(cmd.toArray(String[]::new)).strip();
    List<JsonNode> nodes = new ArrayList<>();
    if (out.isEmpty()) {
      return nodes;
    }
    try {
      JSON.readTree(out).forEach(nodes::add);
    } catch (IOException e) {
      throw new UncheckedIOException(String.join(" ", cmd) + " printed no JSON: " + out, e);
    }
    return nodes;
  }

  /** The route to {@code dst} in a table ({@code ip route show table T exact DST}), if any. */
  static List<JsonNode> routes(String ns, String table, String dst) {
    List<String> args = new ArrayList<>(List.of("route", "show", "table", table));
    if (dst.contains(":")) {
      args.add(0, "-6");
    }
    args.addAll(List.of("exact", dst));
    return ip(ns, args.toArray(String[]::new));
  }

  /** A text field, or null. */
  static String text(JsonNode n, String field) {
    JsonNode f = n.get(field);
    return f == null || f.isNull() ? null : f.asText();
  }

  /** Whether a JSON array field holds a text. */
  static boolean has(JsonNode n, String field, String value) {
    JsonNode f = n.get(field);
    if (f == null) {
      return false;
    }
    for (JsonNode x : f) {
      if (x.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
