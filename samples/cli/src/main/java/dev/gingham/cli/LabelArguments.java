package dev.gingham.cli;

import dev.gingham.policy.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code gingham label} is asked to do: {@code key=value} sets a label, {@code key-} removes
 * one, as kubectl reads them.
 *
 * @param set the labels to set, in order given
 * @param remove the keys to remove
 */
record LabelArguments(Map<String, String> set, List<String> remove) {

  /**
   * Reads the arguments.
   *
   * @throws IllegalArgumentException naming the argument that is neither form, a bad key or value,
   *     or a key given twice
   */
  static LabelArguments parse(List<String> arguments) {
    Map<String, String> set = new LinkedHashMap<>();
    List<String> remove = new ArrayList<>();
    for (String a : arguments) {
      int eq = a.indexOf('=');
      String key;
      if (eq >= 0) {
        key = a.substring(0, eq);
        String value = a.substring(eq + 1);
        Labels.requireKey(key);
        Labels.requireValue(key, value);
        if (set.put(key, value) != null) {
          throw new IllegalArgumentException("label '" + key + "' is given twice");
        }
      } else if (a.endsWith("-") && a.length() > 1) {
        key = a.substring(0, a.length() - 1);
        Labels.requireKey(key);
        remove.add(key);
      } else {
        throw new IllegalArgumentException(
            "'" + a + "' is neither KEY=VALUE (to set a label) nor KEY- (to remove one)");
      }
      if (set.containsKey(key) && remove.contains(key)) {
        throw new IllegalArgumentException("label '" + key + "' is both set and removed");
      }
    }
    if (set.isEmpty() && remove.isEmpty()) {
      throw new IllegalArgumentException("give at least one KEY=VALUE or KEY-");
    }
    return new LabelArguments(set, remove);
  }
}
