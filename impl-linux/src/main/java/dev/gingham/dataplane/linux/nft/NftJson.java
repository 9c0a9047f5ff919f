package dev.gingham.dataplane.linux.nft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads the output of {@code nft -j list table} into a {@link FilterTable}. Elements come back in
 * the text form that {@link NftScript} writes ({@code 10.0.0.0/24}, {@code "eth0"}, {@code 10.0.0.1
 * . tcp . 80}, map values as {@code goto chain}); rule bodies are printed from nftables' JSON
 * expressions in its own syntax, for the expressions Gingham writes, and as compact JSON otherwise.
 */
public final class NftJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NftJson() {}

  /**
   * Parses one table's listing.
   *
   * @throws IllegalArgumentException if the text is not such a listing, quoting what is wrong
   */
  public static FilterTable parse(String json, FilterFamily family, String table) {
    try {
      return read(json, family, table);
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("nft -j output")
          ? e
          : new IllegalArgumentException("nft -j output has a bad value: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // A field of an unexpected type or missing: nftables changed its schema, or this is not it.
      throw new IllegalArgumentException("nft -j output has an unexpected shape: " + e, e);
    }
  }

  private static FilterTable read(String json, FilterFamily family, String table) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("nft -j output is not JSON: " + e.getMessage(), e);
    }
    JsonNode items = root == null ? null : root.get("nftables");
    if (items == null || !items.isArray()) {
      throw new IllegalArgumentException("nft -j output has no \"nftables\" array");
    }
    List<FilterObject.Chain> chains = new ArrayList<>();
    Map<String, List<FilterObject.Rule>> rules = new LinkedHashMap<>();
    List<FilterObject.NamedSet> sets = new ArrayList<>();
    List<FilterObject.NamedMap> maps = new ArrayList<>();
    Map<String, List<FilterObject.Element>> elements = new LinkedHashMap<>();
    for (JsonNode item : items) {
      if (item.has("chain")) {
        JsonNode c = item.get("chain");
        FilterObject.Hook hook = null;
        if (c.has("hook")) {
          hook =
              new FilterObject.Hook(
                  c.get("type").asText(),
                  c.get("hook").asText(),
                  c.path("prio").asInt(),
                  c.path("policy").asText("accept"));
        }
        chains.add(new FilterObject.Chain(c.get("name").asText(), hook, null));
      } else if (item.has("rule")) {
        JsonNode r = item.get("rule");
        String chain = r.get("chain").asText();
        String body = body(r.get("expr"));
        String comment = r.has("comment") ? r.get("comment").asText() : null;
        rules
            .computeIfAbsent(chain, k -> new ArrayList<>())
            .add(
                new FilterObject.Rule(
                    chain, body, comment, OptionalLong.of(r.get("handle").asLong())));
      } else if (item.has("set")) {
        JsonNode s = item.get("set");
        String name = s.get("name").asText();
        String type = type(s.get("type"));
        sets.add(new FilterObject.NamedSet(name, type, flags(s), null));
        List<FilterObject.Element> es = elements.computeIfAbsent(name, k -> new ArrayList<>());
        for (JsonNode e : s.path("elem")) {
          es.add(new FilterObject.Element(name, element(e, type), null));
        }
      } else if (item.has("map")) {
        JsonNode m = item.get("map");
        String name = m.get("name").asText();
        String type = type(m.get("type"));
        maps.add(new FilterObject.NamedMap(name, type, m.get("map").asText(), flags(m), null));
        List<FilterObject.Element> es = elements.computeIfAbsent(name, k -> new ArrayList<>());
        for (JsonNode e : m.path("elem")) {
          es.add(new FilterObject.Element(name, element(e.get(0), type), verdict(e.get(1))));
        }
      }
    }
    return new FilterTable(family, table, chains, rules, sets, maps, elements);
  }

  private static String type(JsonNode t) {
    if (t.isArray()) {
      List<String> parts = new ArrayList<>();
      t.forEach(p -> parts.add(p.asText()));
      return String.join(" . ", parts);
    }
    return t.asText();
  }

  private static List<String> flags(JsonNode s) {
    List<String> out = new ArrayList<>();
    JsonNode f = s.get("flags");
    if (f != null) {
      if (f.isArray()) {
        f.forEach(x -> out.add(x.asText()));
      } else {
        out.add(f.asText());
      }
    }
    return out;
  }

  /** An element key in NftScript's text form. */
  static String element(JsonNode e, String type) {
    if (e.isObject() && e.has("elem")) {
      return element(e.get("elem").get("val"), type);
    }
    if (e.isTextual()) {
      return type.equals("ifname") || type.equals("string") ? "\"" + e.asText() + "\"" : e.asText();
    }
    if (e.isObject() && e.has("concat")) {
      String[] types = type.split(" \\. ");
      List<String> parts = new ArrayList<>();
      JsonNode c = e.get("concat");
      for (int i = 0; i < c.size(); i++) {
        parts.add(element(c.get(i), i < types.length ? types[i] : ""));
      }
      return String.join(" . ", parts);
    }
    return value(e);
  }

  private static String verdict(JsonNode v) {
    if (v.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = v.fields();
      if (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getValue().isObject() && f.getValue().has("target")) {
          return f.getKey() + " " + f.getValue().get("target").asText();
        }
        return f.getKey();
      }
    }
    return v.asText();
  }

  /** A value expression in nftables syntax. */
  private static String value(JsonNode v) {
    if (v.isTextual() || v.isNumber() || v.isBoolean()) {
      return v.asText();
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(value(x)));
      return String.join(",", parts);
    }
    if (v.has("prefix")) {
      return v.get("prefix").get("addr").asText() + "/" + v.get("prefix").get("len").asInt();
    }
    if (v.has("range")) {
      return value(v.get("range").get(0)) + "-" + value(v.get("range").get(1));
    }
    if (v.has("concat")) {
      List<String> parts = new ArrayList<>();
      v.get("concat").forEach(x -> parts.add(value(x)));
      return String.join(" . ", parts);
    }
    if (v.has("set")) {
      JsonNode s = v.get("set");
      if (!s.isArray()) {
        return "{ " + value(s) + " }";
      }
      List<String> parts = new ArrayList<>();
      s.forEach(x -> parts.add(value(x)));
      return "{ " + String.join(", ", parts) + " }";
    }
    if (v.has("payload")) {
      JsonNode p = v.get("payload");
      return p.path("protocol").asText() + " " + p.path("field").asText();
    }
    if (v.has("meta")) {
      return "meta " + v.get("meta").get("key").asText();
    }
    if (v.has("ct")) {
      return "ct " + v.get("ct").get("key").asText();
    }
    return compact(v);
  }

  private static String body(JsonNode exprs) {
    List<String> parts = new ArrayList<>();
    for (JsonNode x : exprs) {
      parts.add(statement(x));
    }
    return String.join(" ", parts);
  }

  private static String statement(JsonNode x) {
    if (x.has("match")) {
      JsonNode m = x.get("match");
      String op = m.path("op").asText("==");
      String left = value(m.get("left"));
      String right = value(m.get("right"));
      return left + ("==".equals(op) || "in".equals(op) ? " " : " " + op + " ") + right;
    }
    if (x.has("vmap")) {
      return value(x.get("vmap").get("key")) + " vmap " + value(x.get("vmap").get("data"));
    }
    for (String v : List.of("accept", "drop", "return", "continue")) {
      if (x.has(v)) {
        return v;
      }
    }
    for (String v : List.of("jump", "goto")) {
      if (x.has(v)) {
        return v + " " + x.get(v).get("target").asText();
      }
    }
    if (x.has("log")) {
      JsonNode l = x.get("log");
      return l != null && l.has("prefix")
          ? "log prefix \"" + l.get("prefix").asText() + "\""
          : "log";
    }
    if (x.has("masquerade")) {
      return "masquerade";
    }
    if (x.has("counter")) {
      return "counter";
    }
    return compact(x);
  }

  private static String compact(JsonNode v) {
    // Keep the body a single statement whatever nftables sent.
    return v.toString().replace(';', ',').replace('#', '_').replace('\n', ' ');
  }
}
