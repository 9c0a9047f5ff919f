package dev.gingham.internal.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Garbage made from valid documents: one random change somewhere in a tree of maps and lists (a
 * field removed, replaced or added, an element replaced), the values of the wrong type or out of
 * range. For the properties of the readers of documents.
 */
public final class TreeMutations {
  private TreeMutations() {}

  /** The tree with one random change; the tree itself is not modified. */
  @SuppressWarnings("unchecked")
  public static Object mutate(Object node, Random r) {
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
        return new BigInteger("123456789012345678901234567890");
      case 9:
        return "Bad Name";
      default:
        return "Allow";
    }
  }
}
