package dev.gingham.internal.bgp.rib;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The Loc-RIB: for every prefix, the candidate paths from each source and the best of them.
 *
 * <p>A prefix with one candidate stores that (interned) candidate alone, so that a full table from
 * one peer costs one map slot per prefix; with more, it stores an array whose first element is the
 * best. A change of best path is reported to the {@link BestPathListener} before {@link #update}
 * returns. Not thread-safe.
 */
public final class LocRib {
  private static final Candidate[] NONE = new Candidate[0];

  private final PrefixIndex index;
  private final DecisionProcess decision;
  private final BestPathListener listener;
  private final DenseTable<Object> table = new DenseTable<>();
  private int ipv4Prefixes;
  private int paths;

  /** A Loc-RIB over the given index. */
  public LocRib(PrefixIndex index, DecisionProcess decision, BestPathListener listener) {
    this.index = index;
    this.decision = decision;
    this.listener = listener;
  }

  /** The number of prefixes with at least one candidate. */
  public int size() {
    return table.size();
  }

  /** The number of IPv4 prefixes with at least one candidate. */
  public int ipv4Size() {
    return ipv4Prefixes;
  }

  /** The number of candidates of every prefix. */
  public int pathCount() {
    return paths;
  }

  /** The best candidate of a prefix, or null. */
  public @Nullable Candidate best(int id) {
    Object v = table.get(id);
    if (v == null) {
      return null;
    }
    return v instanceof Candidate ? (Candidate) v : ((Candidate[]) v)[0];
  }

  /** Every candidate of a prefix, the best first. */
  public Candidate[] candidates(int id) {
    Object v = table.get(id);
    if (v == null) {
      return NONE;
    }
    return v instanceof Candidate ? new Candidate[] {(Candidate) v} : ((Candidate[]) v).clone();
  }

  /** The number of candidates of a prefix. */
  public int candidateCount(int id) {
    Object v = table.get(id);
    return v == null ? 0 : v instanceof Candidate ? 1 : ((Candidate[]) v).length;
  }

  /**
   * The candidates of a prefix ranked best first, as the decision process orders them, into {@code
   * out}; returns how many there are. The array must hold {@link #candidateCount(int)}.
   */
  public int ranked(int id, Candidate[] out) {
    Object v = table.get(id);
    if (v == null) {
      return 0;
    }
    if (v instanceof Candidate) {
      out[0] = (Candidate) v;
      return 1;
    }
    Candidate[] all = (Candidate[]) v;
    System.arraycopy(all, 0, out, 0, all.length);
    decision.rank(out, all.length);
    return all.length;
  }

  /** The ids of every prefix with a best path, in no particular order. */
  public int[] ids() {
    return table.ids();
  }

  /**
   * Sets {@code source}'s candidate for prefix {@code id}, or removes it if {@code candidate} is
   * null, and reruns the decision for that prefix.
   */
  public void update(int id, PathSource source, @Nullable Candidate candidate) {
    update(id, source, 0, candidate);
  }

  /**
   * Sets the candidate of {@code source}'s path {@code pathId} for prefix {@code id}, or removes it
   * if {@code candidate} is null, and reruns the decision for that prefix.
   */
  public void update(int id, PathSource source, int pathId, @Nullable Candidate candidate) {
    Object v = table.get(id);
    if (v == null) {
      if (candidate != null) {
        table.put(id, candidate);
        index.retain(id);
        paths++;
        if (index.isIpv4(id)) {
          ipv4Prefixes++;
        }
        listener.bestChanged(id, null, candidate);
      }
      return;
    }
    if (v instanceof Candidate) {
      Candidate current = (Candidate) v;
      if (current.isSlot(source, pathId)) {
        if (candidate == null) {
          table.remove(id);
          paths--;
          if (index.isIpv4(id)) {
            ipv4Prefixes--;
          }
          listener.bestChanged(id, current, null);
          index.release(id);
        } else if (candidate != current) {
          table.put(id, candidate);
          listener.bestChanged(id, current, candidate);
        }
        return;
      }
      if (candidate == null) {
        return;
      }
      store(id, current, new Candidate[] {current, candidate}, 2);
      return;
    }
    Candidate[] all = (Candidate[]) v;
    Candidate previous = all[0];
    int at = -1;
    for (int i = 0; i < all.length; i++) {
      if (all[i].isSlot(source, pathId)) {
        at = i;
        break;
      }
    }
    Candidate[] next;
    if (at < 0) {
      if (candidate == null) {
        return;
      }
      next = Arrays.copyOf(all, all.length + 1);
      next[all.length] = candidate;
    } else if (candidate == null) {
      next = new Candidate[all.length - 1];
      System.arraycopy(all, 0, next, 0, at);
      System.arraycopy(all, at + 1, next, at, all.length - at - 1);
    } else {
      if (all[at] == candidate) {
        return;
      }
      next = all.clone();
      next[at] = candidate;
    }
    store(id, previous, next, next.length);
  }

  private void store(int id, Candidate previous, Candidate[] all, int n) {
    paths += n - candidateCount(id);
    int b = decision.best(all, n);
    Candidate best = all[b];
    if (b != 0) {
      all[b] = all[0];
      all[0] = best;
    }
    table.put(id, n == 1 ? best : all);
    if (best != previous) {
      listener.bestChanged(id, previous, best);
    } else {
      listener.pathsChanged(id);
    }
  }

  /** Removes everything, releasing the ids, without reporting. */
  public void clear() {
    for (int id : table.ids()) {
      index.release(id);
    }
    table.clear();
    ipv4Prefixes = 0;
    paths = 0;
  }
}
