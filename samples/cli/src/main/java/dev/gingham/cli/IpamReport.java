package dev.gingham.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.Attributes;
import dev.gingham.ipam.Inconsistency;
import dev.gingham.ipam.InconsistencyKind;
import dev.gingham.ipam.IpamNames;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What {@code gingham ipam check} found, and its JSON form, which {@code ipam release
 * --from-report} reads back:
 *
 * <pre>
 * {"apiVersion": "gingham.dev/v1", "kind": "IPAMCheckReport", "revision": 42,
 *  "pools": 2, "blocks": 3, "allocations": 17,
 *  "leaked": [{"address": "10.65.0.9", "handle": "h9", "sequence": 4, "block": "10.65.0.0/26",
 *              "blockHost": "node-1", "attributes": {"node": "node-1"}}],
 *  "inconsistencies": [{"kind": "LEAKED_HANDLE", "key": "/gingham/ipam/v1/handles/h",
 *                       "message": "…"}]}
 * </pre>
 *
 * A leaked address is an assigned one that no workload endpoint and no node's tunnel uses; its
 * handle and sequence number let a later release take it only if it is still that assignment.
 *
 * @param revision the datastore revision the check started at
 * @param pools how many pools there are
 * @param blocks how many blocks there are
 * @param allocations how many addresses are assigned
 * @param leaked the leaked addresses, in address order
 * @param inconsistencies what IPAM's own check found
 */
record IpamReport(
    long revision,
    int pools,
    int blocks,
    int allocations,
    List<Allocation> leaked,
    List<Inconsistency> inconsistencies) {
  static final String KIND = "IPAMCheckReport";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ENTRIES = 1_000_000;

  IpamReport {
    leaked = List.copyOf(leaked);
    inconsistencies = List.copyOf(inconsistencies);
  }

  /** The report as JSON text. */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", dev.gingham.resource.Resource.API_VERSION);
    root.put("kind", KIND);
    root.put("revision", revision);
    root.put("pools", pools);
    root.put("blocks", blocks);
    root.put("allocations", allocations);
    ArrayNode l = root.putArray("leaked");
    for (Allocation a : leaked) {
      ObjectNode n = l.addObject();
      n.put("address", a.address().toString());
      n.put("handle", a.handle());
      n.put("sequence", a.sequence());
      n.put("block", a.block().toString());
      if (a.blockHost() != null) {
        n.put("blockHost", a.blockHost());
      }
      ObjectNode attrs = n.putObject("attributes");
      new TreeMap<>(a.attributes()).forEach(attrs::put);
    }
    ArrayNode i = root.putArray("inconsistencies");
    for (Inconsistency x : inconsistencies) {
      i.addObject().put("kind", x.kind().name()).put("key", x.key()).put("message", x.message());
    }
    return Formats.json(root);
  }

  /**
   * Reads a report.
   *
   * @param name the file's name, for messages
   * @throws IllegalArgumentException naming the file, the field and what is wrong
   */
  static IpamReport parse(String text, String name) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ReportException(name + ": not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ReportException(name + ": not a report: expected a JSON object");
    }
    if (!KIND.equals(root.path("kind").asText(null))
        || !dev.gingham.resource.Resource.API_VERSION.equals(
            root.path("apiVersion").asText(null))) {
      throw new ReportException(
          name
              + ": not a report of gingham ipam check (kind "
              + KIND
              + ", apiVersion "
              + dev.gingham.resource.Resource.API_VERSION
              + ")");
    }
    long revision = number(root, "revision", name);
    int pools = (int) Math.min(Integer.MAX_VALUE, number(root, "pools", name));
    int blocks = (int) Math.min(Integer.MAX_VALUE, number(root, "blocks", name));
    int allocations = (int) Math.min(Integer.MAX_VALUE, number(root, "allocations", name));
    List<Allocation> leaked = new ArrayList<>();
    JsonNode l = array(root, "leaked", name);
    for (int i = 0; i < l.size(); i++) {
      leaked.add(allocation(l.get(i), name + ": leaked[" + i + "]"));
    }
    List<Inconsistency> found = new ArrayList<>();
    JsonNode in = array(root, "inconsistencies", name);
    for (int i = 0; i < in.size(); i++) {
      String where = name + ": inconsistencies[" + i + "]";
      JsonNode n = in.get(i);
      String kind = text(n, "kind", where);
      InconsistencyKind k;
      try {
        k = InconsistencyKind.valueOf(kind);
      } catch (IllegalArgumentException e) {
        throw new ReportException(where + ".kind: unknown kind '" + kind + "'");
      }
      found.add(new Inconsistency(k, text(n, "key", where), text(n, "message", where)));
    }
    return new IpamReport(revision, pools, blocks, allocations, leaked, found);
  }

  private static Allocation allocation(JsonNode n, String where) {
    if (!n.isObject()) {
      throw new ReportException(where + ": expected an object");
    }
    IpAddress address =
        parsed(where + ".address", () -> IpAddress.parse(text(n, "address", where)));
    String handle =
        parsed(where + ".handle", () -> IpamNames.requireHandle(text(n, "handle", where)));
    long sequence = number(n, "sequence", where);
    IpPrefix block = parsed(where + ".block", () -> IpPrefix.parse(text(n, "block", where)));
    if (!block.contains(address)) {
      throw new ReportException(where + ": block " + block + " does not hold " + address);
    }
    String host = null;
    if (n.has("blockHost") && !n.get("blockHost").isNull()) {
      host = parsed(where + ".blockHost", () -> IpamNames.requireHost(text(n, "blockHost", where)));
    }
    Map<String, String> attributes = new TreeMap<>();
    JsonNode a = n.path("attributes");
    if (!a.isMissingNode() && !a.isNull()) {
      if (!a.isObject()) {
        throw new ReportException(where + ".attributes: expected an object");
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        if (!e.getValue().isTextual()) {
          throw new ReportException(where + ".attributes." + e.getKey() + ": expected a string");
        }
        attributes.put(e.getKey(), e.getValue().asText());
      }
    }
    Map<String, String> checked =
        parsed(where + ".attributes", () -> Attributes.copyOf("attributes", attributes));
    return new Allocation(address, handle, checked, block, host, sequence);
  }

  /** A field's place: {@code report.json: leaked[2].address}, {@code report.json: revision}. */
  private static String at(String where, String field) {
    return where + (where.endsWith("]") ? "." : ": ") + field;
  }

  /** Reads a value, naming the field when the value type refuses it. */
  private static <T> T parsed(String field, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (ReportException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ReportException(field + ": " + e.getMessage());
    }
  }

  /** A report that does not read; the message names the file and field. */
  static final class ReportException extends IllegalArgumentException {
    ReportException(String message) {
      super(message);
    }
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new ReportException(at(where, field) + ": expected a string");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new ReportException(at(where, field) + ": expected a whole number >= 0");
    }
    return v.asLong();
  }

  private static JsonNode array(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new ReportException(at(where, field) + ": expected a list");
    }
    if (v.size() > MAX_ENTRIES) {
      throw new ReportException(at(where, field) + ": more than " + MAX_ENTRIES + " entries");
    }
    return v;
  }

  /** For messages: the host an allocation was assigned for, or null. */
  static @Nullable String host(Allocation a) {
    return a.attributes().get(IpamShowCommand.NODE_ATTRIBUTE);
  }
}
