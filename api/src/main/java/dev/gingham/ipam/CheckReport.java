package dev.gingham.ipam;

import java.util.List;

/**
 * What {@link Ipam#check()} found.
 *
 * @param inconsistencies every problem found, by key
 */
public record CheckReport(List<Inconsistency> inconsistencies) {
  public CheckReport {
    inconsistencies = List.copyOf(inconsistencies);
  }

  /** Whether nothing was found. */
  public boolean isClean() {
    return inconsistencies.isEmpty();
  }
}
