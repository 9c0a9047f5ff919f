package dev.gingham.spi.dataplane.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Changes to one table, applied all together or not at all. The table itself is created by the
 * first transaction that needs it. Immutable; build one with {@link #builder}.
 *
 * @param family the table's family
 * @param table the table's name
 * @param operations the changes, in order
 */
public record FilterTransaction(FilterFamily family, String table, List<Operation> operations) {
  public FilterTransaction {
    Objects.requireNonNull(family, "family");
    FilterNames.requireName("table", table);
    operations = List.copyOf(operations);
  }

  /** What an operation does to its object. */
  public enum Verb {
    /** Creates the object, or leaves it as it is if it exists. A rule is appended. */
    ADD,
    /** Creates the object; fails if it exists. */
    CREATE,
    /** Puts a rule at the top of its chain. */
    INSERT,
    /** Replaces the rule with the given handle. */
    REPLACE,
    /** Empties a chain, set or map, keeping the object. */
    FLUSH,
    /** Removes the object; a rule by its handle. Fails if absent. */
    DELETE
  }

  /**
   * One change.
   *
   * @param verb what to do
   * @param object to what
   */
  public record Operation(Verb verb, FilterObject object) {
    public Operation {
      boolean isRule = object instanceof FilterObject.Rule;
      if ((verb == Verb.INSERT || verb == Verb.REPLACE) && !isRule) {
        throw new IllegalArgumentException(verb + " applies to rules only, not " + object);
      }
      if (verb == Verb.FLUSH && (isRule || object instanceof FilterObject.Element)) {
        throw new IllegalArgumentException("FLUSH applies to chains, sets and maps, not " + object);
      }
      if ((verb == Verb.REPLACE || (verb == Verb.DELETE && isRule))
          && ((FilterObject.Rule) object).handle().isEmpty()) {
        throw new IllegalArgumentException(verb + " of a rule needs its handle: " + object);
      }
    }
  }

  /** A builder for changes to {@code family table}. */
  public static Builder builder(FilterFamily family, String table) {
    return new Builder(family, table);
  }

  /** Builds a {@link FilterTransaction}. Not thread-safe. */
  public static final class Builder {
    private final FilterFamily family;
    private final String table;
    private final List<Operation> operations = new ArrayList<>();

    private Builder(FilterFamily family, String table) {
      this.family = family;
      this.table = table;
    }

    /** Adds an operation. */
    public Builder then(Verb verb, FilterObject object) {
      operations.add(new Operation(verb, object));
      return this;
    }

    /** Creates an object if absent, or appends a rule. */
    public Builder add(FilterObject object) {
      return then(Verb.ADD, object);
    }

    /** Empties a chain, set or map. */
    public Builder flush(FilterObject object) {
      return then(Verb.FLUSH, object);
    }

    /** Removes an object. */
    public Builder delete(FilterObject object) {
      return then(Verb.DELETE, object);
    }

    /** Builds the transaction. */
    public FilterTransaction build() {
      return new FilterTransaction(family, table, operations);
    }
  }
}
