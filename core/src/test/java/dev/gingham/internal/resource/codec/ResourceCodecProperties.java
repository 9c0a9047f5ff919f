package dev.gingham.internal.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.core.Resources;
import dev.gingham.internal.policy.Yaml;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.Resource;
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
 * The codec both ways: what it writes it reads back to an equal resource (through JSON text too, as
 * the store keeps it), and garbage (mutated documents, random trees) gives resources or an {@link
 * InvalidResourceException} that names the source and a field, never anything else.
 */
class ResourceCodecProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Object> DOCUMENTS = Yaml.documents(Fixtures.EVERY_KIND);

  @Property(tries = 2000)
  @Label("every resource written reads back equal, from trees and from JSON text")
  void roundTrip(@ForAll long seed) throws Exception {
    Resource<?> r = ResourceArbitraries.resource(new Random(seed));
    Statistics.collect(r.kind().name());
    Map<String, Object> doc = Resources.write(r, true);
    assertThat(Resources.read(doc, "x")).containsExactly(r);
    Object viaJson = JSON.readValue(JSON.writeValueAsBytes(doc), Object.class);
    assertThat(Resources.read(viaJson, "x")).containsExactly(r);
    assertThat(Resources.write(Resources.read(viaJson, "x").get(0), true)).isEqualTo(doc);
  }

  @Property(tries = 3000)
  @Label("mutated documents give resources or an InvalidResourceException, nothing else")
  void mutatedDocuments(@ForAll long seed) {
    Random r = new Random(seed);
    Object doc = mutate(DOCUMENTS.get(r.nextInt(DOCUMENTS.size())), r);
    try {
      Resources.read(doc, "garbage.yaml: document 3");
      Statistics.collect("accepted");
    } catch (InvalidResourceException e) {
      Statistics.collect("rejected");
      assertThat(e.getMessage()).startsWith("garbage.yaml: document 3");
      assertThat(e.field()).isNotBlank();
      assertThat(e.problem()).isNotBlank();
    }
  }

  @Property(tries = 2000)
  @Label("random trees give resources or an InvalidResourceException, nothing else")
  void randomTrees(@ForAll long seed) {
    Random r = new Random(seed);
    Object doc = tree(r, 0);
    try {
      Resources.read(doc, "random");
      Statistics.collect("accepted");
    } catch (InvalidResourceException e) {
      Statistics.collect("rejected");
      assertThat(e.source()).isEqualTo("random");
    }
  }

  private static Object tree(Random r, int depth) {
    int pick = depth > 4 ? 2 + r.nextInt(5) : r.nextInt(7);
    switch (pick) {
      case 0:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          String[] keys = {"apiVersion", "kind", "metadata", "spec", "name", "items", "cidr", "x"};
          for (int i = 0; i < r.nextInt(5); i++) {
            m.put(keys[r.nextInt(keys.length)], tree(r, depth + 1));
          }
          if (depth == 0 && r.nextBoolean()) {
            m.put("apiVersion", r.nextBoolean() ? "gingham.dev/v1" : "projectcalico.org/v3");
            m.put("kind", ResourceArbitraries.name(r).length() % 2 == 0 ? "IPPool" : "List");
          }
          return m;
        }
      case 1:
        {
          List<Object> l = new ArrayList<>();
          for (int i = 0; i < r.nextInt(4); i++) {
            l.add(tree(r, depth + 1));
          }
          return l;
        }
      case 2:
        return r.nextLong();
      case 3:
        return r.nextDouble();
      case 4:
        return r.nextBoolean();
      case 5:
        return null;
      default:
        return ResourceArbitraries.name(r);
    }
  }

  @SuppressWarnings("unchecked")
  static Object mutate(Object node, Random r) {
    if (node instanceof Map && r.nextInt(5) > 0) {
      Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) node);
      if (m.isEmpty()) {
        return m;
      }
      List<String> keys = new ArrayList<>(m.keySet());
      String k = keys.get(r.nextInt(keys.size()));
      switch (r.nextInt(4)) {
        case 0:
          m.remove(k);
          break;
        case 1:
          m.put(k, junk(r));
          break;
        case 2:
          m.put("extra" + r.nextInt(3), junk(r));
          break;
        default:
          m.put(k, mutate(m.get(k), r));
      }
      return m;
    }
    if (node instanceof List && r.nextInt(5) > 0) {
      List<Object> l = new ArrayList<>((List<Object>) node);
      if (!l.isEmpty()) {
        int i = r.nextInt(l.size());
        l.set(i, r.nextBoolean() ? junk(r) : mutate(l.get(i), r));
      }
      return l;
    }
    return junk(r);
  }

  private static Object junk(Random r) {
    switch (r.nextInt(11)) {
      case 0:
        return null;
      case 1:
        return r.nextInt(200_000) - 1000;
      case 2:
        return List.of("x", 1);
      case 3:
        return Map.of("k", "v");
      case 4:
        return "10.0.0.0/33";
      case 5:
        return "a == ";
      case 6:
        return true;
      case 7:
        return 3.5;
      case 8:
        return new java.math.BigInteger("123456789012345678901234567890");
      case 9:
        return "Bad Name";
      default:
        return "Allow";
    }
  }
}
