package dev.gingham.resource;

import dev.gingham.net.InterfaceName;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The checks the two endpoint specs share. */
final class EndpointChecks {
  private EndpointChecks() {}

  static String requireInterface(String name) {
    try {
      return InterfaceName.requireValid(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidResourceException("spec.interfaceName", e.getMessage());
    }
  }

  static void requireProfiles(List<String> profiles) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < profiles.size(); i++) {
      ObjectMeta.requireName("spec.profiles[" + i + "]", profiles.get(i));
      if (!seen.add(profiles.get(i))) {
        throw new InvalidResourceException(
            "spec.profiles[" + i + "]", "profile '" + profiles.get(i) + "' is named twice");
      }
    }
  }

  /** Checks free text such as an orchestrator's name: 1 to 253 printable characters, or null. */
  static void requireText(String field, @Nullable String text) {
    if (text == null) {
      return;
    }
    if (text.isEmpty()
        || text.length() > 253
        || !text.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
      throw new InvalidResourceException(
          field,
          "'" + ObjectMeta.printable(text) + "' is not 1..253 printable characters without spaces");
    }
  }
}
