package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.Inconsistency;
import dev.gingham.ipam.InconsistencyKind;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The CLI's smaller formats, both ways and against garbage: the IPAM check report, the control
 * socket's status answer, label arguments and JSON merge patches.
 */
class CliCodecsProperties {
  private static final ObjectMapper JSON = new ObjectMapper();

  static IpAddress address(Random r, boolean v4) {
    byte[] b = new byte[v4 ? 4 : 16];
    r.nextBytes(b);
    return IpAddress.of(b);
  }

  static IpamReport report(Random r) {
    List<Allocation> leaked = new ArrayList<>();
    for (int i = 0; i < r.nextInt(4); i++) {
      IpAddress a = address(r, r.nextBoolean());
      IpPrefix block = IpPrefix.ofMasking(a, a.bitLength() - 6);
      leaked.add(
          new Allocation(
              a,
              "h-" + r.nextInt(100),
              r.nextBoolean()
                  ? Map.of()
                  : Map.of("node", "node-" + r.nextInt(9), "pod", "p:" + r.nextInt()),
              block,
              r.nextBoolean() ? null : "node-" + r.nextInt(9),
              r.nextInt(Integer.MAX_VALUE)));
    }
    List<Inconsistency> found = new ArrayList<>();
    for (int i = 0; i < r.nextInt(3); i++) {
      found.add(
          new Inconsistency(
              InconsistencyKind.values()[r.nextInt(InconsistencyKind.values().length)],
              "/gingham/ipam/v1/blocks/x" + i,
              "message \"" + r.nextInt() + "\" ü"));
    }
    return new IpamReport(
        r.nextInt(Integer.MAX_VALUE), r.nextInt(9), r.nextInt(99), r.nextInt(999), leaked, found);
  }

  @Property(tries = 1000)
  @Label("a report written reads back equal")
  void reportRoundTrip(@ForAll long seed) {
    IpamReport report = report(new Random(seed));
    assertThat(IpamReport.parse(report.toJson(), "r.json")).isEqualTo(report);
  }

  @Property(tries = 3000)
  @Label("a mutated report reads, or is refused naming the file")
  void reportGarbage(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    JsonNode tree = mutate(JSON.readTree(report(r).toJson()), r);
    String text = r.nextInt(10) == 0 ? "{\"kind\": [" : JSON.writeValueAsString(tree);
    try {
      IpamReport.parse(text, "r.json");
      Statistics.collect("accepted");
    } catch (IpamReport.ReportException e) {
      Statistics.collect("rejected");
      assertThat(e.getMessage()).startsWith("r.json");
    }
  }

  static AgentProtocol.Status status(Random r) {
    List<AgentProtocol.Peer> peers = new ArrayList<>();
    for (int i = 0; i < r.nextInt(4); i++) {
      peers.add(
          new AgentProtocol.Peer(
              address(r, r.nextBoolean()),
              AgentProtocol.TYPES.get(r.nextInt(3)),
              new String[] {"Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"}
                  [r.nextInt(6)],
              r.nextBoolean()
                  ? null
                  : Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE), r.nextInt(1_000_000_000)),
              r.nextBoolean() ? "" : "Connection refused " + r.nextInt()));
    }
    return new AgentProtocol.Status(
        "node-" + r.nextInt(9),
        "0.1." + r.nextInt(9),
        r.nextBoolean() ? null : 1L + r.nextInt(Integer.MAX_VALUE),
        peers);
  }

  @Property(tries = 1000)
  @Label("a status answer written reads back equal")
  void statusRoundTrip(@ForAll long seed) throws Exception {
    AgentProtocol.Status s = status(new Random(seed));
    JsonNode sent = JSON.readTree(JSON.writeValueAsString(AgentProtocol.toJson(s)));
    assertThat(AgentProtocol.parseStatus(sent)).isEqualTo(s);
  }

  @Property(tries = 3000)
  @Label("a mutated status answer reads, or is refused naming the field")
  void statusGarbage(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    JsonNode tree = mutate(AgentProtocol.toJson(status(r)), r);
    try {
      AgentProtocol.parseStatus(tree);
      Statistics.collect("accepted");
    } catch (IllegalArgumentException e) {
      Statistics.collect("rejected");
      assertThat(e.getMessage()).startsWith("status answer");
    }
  }

  @Property(tries = 3000)
  @Label("label arguments read, or are refused naming the argument")
  void labelArguments(@ForAll long seed, @ForAll String noise) {
    Random r = new Random(seed);
    String[] keys = {"app", "tier", "example.com/role", "a_b", "Bad Key", "", "-x", "x/", noise};
    String[] values = {"web", "", "a.b-c", "no spaces", "x".repeat(64), noise};
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < r.nextInt(4); i++) {
      String key = keys[r.nextInt(keys.length)];
      switch (r.nextInt(3)) {
        case 0:
          arguments.add(key + "=" + values[r.nextInt(values.length)]);
          break;
        case 1:
          arguments.add(key + "-");
          break;
        default:
          arguments.add(noise);
      }
    }
    try {
      LabelArguments a = LabelArguments.parse(arguments);
      Statistics.collect("accepted");
      assertThat(a.set().size() + a.remove().size()).isPositive();
      for (String key : a.remove()) {
        assertThat(arguments).contains(key + "-");
      }
    } catch (IllegalArgumentException e) {
      Statistics.collect("rejected");
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 2000)
  @Label("a merge patch sets what it names, removes what it nulls, and applies twice as once")
  void mergePatch(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    Object target = JSON.readValue(report(r).toJson(), Object.class);
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("revision", r.nextInt());
    patch.put("pools", null);
    patch.put("extra", Map.of("a", "b"));
    Object once = MergePatch.apply(target, patch);
    assertThat(MergePatch.apply(once, patch)).isEqualTo(once);
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) once;
    assertThat(result)
        .containsEntry("revision", patch.get("revision"))
        .doesNotContainKey("pools")
        .containsEntry("extra", Map.of("a", "b"));
    assertThat(MergePatch.apply(target, Map.of())).isEqualTo(target);
  }

  /**
   * The JSON with one random change: in a random object a field removed, replaced with junk or
   * added; in a random array an element replaced or removed.
   */
  static JsonNode mutate(JsonNode json, Random r) {
    JsonNode copy = json.deepCopy();
    List<JsonNode> containers = new ArrayList<>();
    collect(copy, containers);
    JsonNode target = containers.get(r.nextInt(containers.size()));
    if (target instanceof ObjectNode) {
      ObjectNode o = (ObjectNode) target;
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      String name = names.isEmpty() ? "extra" : names.get(r.nextInt(names.size()));
      int op = r.nextInt(3);
      if (op == 0) {
        o.remove(name);
      } else {
        o.set(op == 1 ? name : "extra", junk(r));
      }
    } else {
      ArrayNode a = (ArrayNode) target;
      if (a.isEmpty() || r.nextBoolean()) {
        a.add(junk(r));
      } else if (r.nextBoolean()) {
        a.remove(r.nextInt(a.size()));
      } else {
        a.set(r.nextInt(a.size()), junk(r));
      }
    }
    return copy;
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      n.elements().forEachRemaining(e -> collect(e, out));
    }
  }

  private static JsonNode junk(Random r) {
    Object[] junk = {
      null,
      -1,
      3.5,
      "",
      "x",
      "10.0.0.300",
      "fd00::/129",
      true,
      List.of(1),
      Map.of("k", "v"),
      Long.MAX_VALUE,
      "not-a-time",
      "bogus"
    };
    return JSON.valueToTree(junk[r.nextInt(junk.length)]);
  }
}
