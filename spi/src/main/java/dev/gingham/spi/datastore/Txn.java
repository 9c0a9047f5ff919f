package dev.gingham.spi.datastore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A transaction: compares, then the operations to run when all of them hold, or the operations to
 * run when any does not. Immutable; build one with {@link #builder()}.
 *
 * <p>A branch may read a key it writes, and sees its own earlier writes; it may not write one key
 * twice (as etcd refuses). Compares and operations together are limited to {@value
 * Datastore#MAX_TXN_OPS}, and keys and values to {@value Datastore#MAX_TXN_BYTES} bytes.
 */
public final class Txn {
  private final List<Compare> compares;
  private final List<Op> onSuccess;
  private final List<Op> onFailure;

  private Txn(List<Compare> compares, List<Op> onSuccess, List<Op> onFailure) {
    this.compares = List.copyOf(compares);
    this.onSuccess = List.copyOf(onSuccess);
    this.onFailure = List.copyOf(onFailure);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The conditions, all of which must hold for the success branch to run. */
  public List<Compare> compares() {
    return compares;
  }

  /** The operations run when every compare holds. */
  public List<Op> onSuccess() {
    return onSuccess;
  }

  /** The operations run when a compare does not hold. */
  public List<Op> onFailure() {
    return onFailure;
  }

  /** Whether either branch writes anything. */
  public boolean writes() {
    return onSuccess.stream().anyMatch(op -> !(op instanceof Op.Get))
        || onFailure.stream().anyMatch(op -> !(op instanceof Op.Get));
  }

  @Override
  public String toString() {
    return "Txn{if " + compares + " then " + onSuccess + " else " + onFailure + '}';
  }

  /** Builds a {@link Txn}. Not thread-safe. */
  public static final class Builder {
    private final List<Compare> compares = new ArrayList<>();
    private final List<Op> onSuccess = new ArrayList<>();
    private final List<Op> onFailure = new ArrayList<>();

    private Builder() {}

    /** Adds conditions. */
    public Builder compare(Compare... more) {
      compares.addAll(Arrays.asList(more));
      return this;
    }

    /** Adds operations to the success branch. */
    public Builder onSuccess(Op... ops) {
      onSuccess.addAll(Arrays.asList(ops));
      return this;
    }

    /** Adds operations to the success branch. */
    public Builder onSuccess(List<? extends Op> ops) {
      onSuccess.addAll(ops);
      return this;
    }

    /** Adds operations to the failure branch. */
    public Builder onFailure(Op... ops) {
      onFailure.addAll(Arrays.asList(ops));
      return this;
    }

    /**
     * Builds the transaction.
     *
     * @throws IllegalArgumentException if it is too large or a branch writes one key twice
     */
    public Txn build() {
      int size = compares.size() + onSuccess.size() + onFailure.size();
      if (size > Datastore.MAX_TXN_OPS) {
        throw new IllegalArgumentException(
            "transaction has "
                + size
                + " compares and operations, more than the limit of "
                + Datastore.MAX_TXN_OPS);
      }
      long bytes = 0;
      for (Compare c : compares) {
        bytes += Keys.utf8Length(c.key());
      }
      for (Op op : onSuccess) {
        bytes += size(op);
      }
      for (Op op : onFailure) {
        bytes += size(op);
      }
      if (bytes > Datastore.MAX_TXN_BYTES) {
        throw new IllegalArgumentException(
            "transaction carries "
                + bytes
                + " bytes of keys and values, more than the limit of "
                + Datastore.MAX_TXN_BYTES);
      }
      requireSingleWrites(onSuccess);
      requireSingleWrites(onFailure);
      return new Txn(compares, onSuccess, onFailure);
    }

    private static long size(Op op) {
      long n = Keys.utf8Length(op.key());
      return op instanceof Op.Put put ? n + put.value().length : n;
    }

    private static void requireSingleWrites(List<Op> branch) {
      Set<String> written = new HashSet<>();
      for (Op op : branch) {
        if (!(op instanceof Op.Get) && !written.add(op.key())) {
          throw new IllegalArgumentException(
              "transaction writes key '" + op.key() + "' more than once in one branch");
        }
      }
    }
  }
}
