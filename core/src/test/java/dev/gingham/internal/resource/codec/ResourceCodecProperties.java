package dev.gingham.internal.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.core.Resources;
import dev.gingham.internal.policy.TreeMutations;
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
    Object doc = TreeMutations.mutate(DOCUMENTS.get(r.nextInt(DOCUMENTS.size())), r);
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
      assertThat(e.source()).startsWith("random"); // "random, item 2" for a list's item
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
}
