package dev.gingham.ipam;

/**
 * One thing {@link Ipam#check()} found wrong.
 *
 * @param kind what kind of problem
 * @param key the datastore key of the record at fault
 * @param message what is wrong, naming the values
 */
public record Inconsistency(InconsistencyKind kind, String key, String message) {
  @Override
  public String toString() {
    return kind + " " + key + ": " + message;
  }
}
