package dev.gingham.dataplane.linux;

import java.util.Optional;

/** Clean-up of namespaces that a crashed earlier run left behind. */
public final class TestNamespaces {
  private TestNamespaces() {}

  /**
   * Deletes the named namespaces that start with {@code prefix} followed by the id of a process
   * that is no longer running (names such as {@code gtck1234-5}); those of live processes, which
   * may be tests running now, stay.
   */
  public static void removeStale(String prefix) {
    for (String line : Shell.run(false, "ip", "netns", "list").split("\n")) {
      String name = line.split(" ")[0].trim();
      if (!name.startsWith(prefix)) {
        continue;
      }
      String rest = name.substring(prefix.length());
      int end = 0;
      while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
        end++;
      }
      Optional<ProcessHandle> owner =
          end == 0 || end > 9
              ? Optional.empty()
              : ProcessHandle.of(Long.parseLong(rest, 0, end, 10));
      if (owner.map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      Shell.run(false, "ip", "netns", "delete", name);
    }
  }
}
