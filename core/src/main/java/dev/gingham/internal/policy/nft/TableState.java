package dev.gingham.internal.policy.nft;

import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The desired contents of one nftables table, next to what was last handed out (committed), with
 * the names and elements touched since. {@link #commit()} turns the difference into a transaction
 * ordered so that nftables accepts it: objects are created before they are referenced and deleted
 * only once nothing refers to them. {@link #full()} states everything. Not thread-safe.
 */
final class TableState {
  /** A chain: its hook (null for a regular chain) and its rules' bodies. */
  record ChainDef(FilterObject.@Nullable Hook hook, List<String> rules) {
    ChainDef {
      rules = List.copyOf(rules);
    }
  }

  /** A set's or map's declaration. */
  record SetDef(String keyType, @Nullable String valueType, List<String> flags) {}

  private final FilterFamily family;
  private final String table;

  private final Map<String, ChainDef> chains = new HashMap<>();
  private final Map<String, ChainDef> committedChains = new HashMap<>();
  private final Map<String, SetDef> sets = new HashMap<>();
  private final Map<String, SetDef> committedSets = new HashMap<>();

  /** Set or map name → element key → value ("" for a set element). */
  private final Map<String, Map<String, String>> elements = new HashMap<>();

  private final Set<String> touchedChains = new TreeSet<>();
  private final Set<String> touchedSets = new TreeSet<>();

  /**
   * Set or map name → each element key touched since the last commit → its value at that commit
   * (null when it had none). The committed elements are not kept apart: a node's sets hold every
   * endpoint of the cluster, and a second copy of them cost as much as the first.
   */
  private final Map<String, Map<String, @Nullable String>> touchedElements = new TreeMap<>();

  /**
   * Whether to remember what changed. Off while a whole model loads, since {@link #full()} states
   * everything anyway.
   */
  private boolean tracking = true;

  /** Stops remembering changes until the next {@link #full()}. */
  void untracked() {
    tracking = false;
  }

  TableState(FilterFamily family, String table) {
    this.family = family;
    this.table = table;
  }

  // ---- desired state ----

  void putChain(String name, ChainDef def) {
    if (!def.equals(chains.get(name))) {
      chains.put(name, def);
      touchedChains.add(name);
    }
  }

  void removeChain(String name) {
    if (chains.remove(name) != null) {
      touchedChains.add(name);
    }
  }

  boolean hasChain(String name) {
    return chains.containsKey(name);
  }

  void putSet(String name, SetDef def) {
    if (!def.equals(sets.get(name))) {
      sets.put(name, def);
      elements.putIfAbsent(name, new HashMap<>());
      touchedSets.add(name);
    }
  }

  /** Removes a set or map with its elements. */
  void removeSet(String name) {
    if (sets.remove(name) != null) {
      touchedSets.add(name);
      Map<String, String> old = elements.remove(name);
      if (old != null) {
        old.forEach((k, v) -> touched(name, k, v));
      }
    }
  }

  boolean hasSet(String name) {
    return sets.containsKey(name);
  }

  /** Adds a set element, or sets a map element's value. */
  void putElement(String set, String key, String value) {
    Map<String, String> m = elements.get(set);
    if (m == null) {
      throw new IllegalStateException("no set or map " + set);
    }
    String old = m.put(key, value);
    if (!value.equals(old)) {
      touched(set, key, old);
    }
  }

  void removeElement(String set, String key) {
    Map<String, String> m = elements.get(set);
    String old = m == null ? null : m.remove(key);
    if (old != null) {
      touched(set, key, old);
    }
  }

  /** Notes that an element changed, with its value before the change, if it is the first since. */
  private void touched(String set, String key, @Nullable String before) {
    if (!tracking) {
      return; // full() states everything anyway
    }
    Map<String, @Nullable String> t = touchedElements.computeIfAbsent(set, k -> new TreeMap<>());
    if (!t.containsKey(key)) {
      t.put(key, before);
    }
  }

  // ---- transactions ----

  /** The smallest transaction from the committed state to the desired one; then commits it. */
  FilterTransaction commit() {
    FilterTransaction.Builder tx = FilterTransaction.builder(family, table);
    List<String> newChains = new ArrayList<>();
    List<String> rewritten = new ArrayList<>();
    List<String> goneChains = new ArrayList<>();
    for (String c : touchedChains) {
      ChainDef want = chains.get(c);
      ChainDef had = committedChains.get(c);
      if (Objects.equals(want, had)) {
        continue;
      }
      if (had == null) {
        newChains.add(c);
      } else if (want == null) {
        goneChains.add(c);
      } else if (!Objects.equals(want.hook(), had.hook())) {
        throw new IllegalStateException("chain " + c + " changed its hook");
      } else {
        rewritten.add(c);
      }
    }
    List<String> newSets = new ArrayList<>();
    List<String> goneSets = new ArrayList<>();
    for (String s : touchedSets) {
      SetDef want = sets.get(s);
      SetDef had = committedSets.get(s);
      if (had == null && want != null) {
        newSets.add(s);
      } else if (want == null && had != null) {
        goneSets.add(s);
      } else if (want != null && !want.equals(had)) {
        throw new IllegalStateException("set " + s + " changed its type");
      }
    }
    // 1. Create sets, maps and chains, so that what follows may refer to them.
    for (String s : newSets) {
      tx.add(setObject(s, sets.get(s)));
      committedSets.put(s, sets.get(s));
    }
    for (String c : newChains) {
      tx.add(chainObject(c, chains.get(c)));
    }
    // 2. Empty the chains that are rewritten or go, dropping their references.
    for (String c : rewritten) {
      tx.flush(chainObject(c, chains.get(c)));
    }
    for (String c : goneChains) {
      tx.flush(chainObject(c, committedChains.get(c)));
    }
    // 3. Element changes: deletions first (a map value is replaced by delete and add).
    List<FilterObject.Element> adds = new ArrayList<>();
    for (Map.Entry<String, Map<String, @Nullable String>> t : touchedElements.entrySet()) {
      String set = t.getKey();
      if (goneSets.contains(set) || !committedSets.containsKey(set)) {
        continue;
      }
      Map<String, String> want = elements.getOrDefault(set, Map.of());
      // A set made since the last commit had no elements, whatever an earlier one of its name had.
      boolean made = newSets.contains(set);
      boolean isMap = committedSets.get(set).valueType() != null;
      for (Map.Entry<String, @Nullable String> k : t.getValue().entrySet()) {
        String key = k.getKey();
        String w = want.get(key);
        String h = made ? null : k.getValue();
        if (Objects.equals(w, h)) {
          continue;
        }
        if (h != null) {
          tx.delete(new FilterObject.Element(set, key, isMap ? h : null));
        }
        if (w != null) {
          adds.add(new FilterObject.Element(set, key, isMap ? w : null));
        }
      }
    }
    adds.forEach(tx::add);
    // 4. Rules of new and rewritten chains.
    for (String c : newChains) {
      addRules(tx, c, chains.get(c));
      committedChains.put(c, chains.get(c));
    }
    for (String c : rewritten) {
      addRules(tx, c, chains.get(c));
      committedChains.put(c, chains.get(c));
    }
    // 5. Delete what nothing refers to any more.
    for (String c : goneChains) {
      tx.delete(chainObject(c, committedChains.remove(c)));
    }
    for (String s : goneSets) {
      tx.delete(setObject(s, committedSets.remove(s)));
    }
    touchedChains.clear();
    touchedSets.clear();
    touchedElements.clear();
    return tx.build();
  }

  /**
   * Everything, as a transaction that converges any table to the desired one except for objects
   * that should not be there (which {@link #strays} names): every object is added and emptied, then
   * filled. Commits the desired state.
   */
  FilterTransaction full() {
    FilterTransaction.Builder tx = FilterTransaction.builder(family, table);
    TreeMap<String, SetDef> sortedSets = new TreeMap<>(sets);
    TreeMap<String, ChainDef> sortedChains = new TreeMap<>(chains);
    sortedSets.forEach((n, d) -> tx.add(setObject(n, d)));
    sortedChains.forEach((n, d) -> tx.add(chainObject(n, d)));
    sortedChains.forEach((n, d) -> tx.flush(chainObject(n, d)));
    sortedSets.forEach((n, d) -> tx.flush(setObject(n, d)));
    sortedSets.forEach(
        (n, d) ->
            new TreeMap<>(elements.get(n))
                .forEach(
                    (k, v) ->
                        tx.add(new FilterObject.Element(n, k, d.valueType() == null ? null : v))));
    sortedChains.forEach((n, d) -> addRules(tx, n, d));
    committedChains.clear();
    committedChains.putAll(chains);
    committedSets.clear();
    committedSets.putAll(sets);
    tracking = true;
    touchedChains.clear();
    touchedSets.clear();
    touchedElements.clear();
    return tx.build();
  }

  /** Names of chains and sets/maps in {@code present} that the desired table does not hold. */
  List<FilterObject> strays(List<FilterObject> present) {
    List<FilterObject> out = new ArrayList<>();
    for (FilterObject o : present) {
      if (o instanceof FilterObject.Chain && !chains.containsKey(((FilterObject.Chain) o).name())) {
        out.add(o);
      } else if (o instanceof FilterObject.NamedSet
          && !sets.containsKey(((FilterObject.NamedSet) o).name())) {
        out.add(o);
      } else if (o instanceof FilterObject.NamedMap
          && !sets.containsKey(((FilterObject.NamedMap) o).name())) {
        out.add(o);
      }
    }
    return out;
  }

  private static void addRules(FilterTransaction.Builder tx, String chain, ChainDef def) {
    for (String r : def.rules()) {
      tx.add(FilterObject.Rule.of(chain, r));
    }
  }

  private static FilterObject chainObject(String name, ChainDef def) {
    return new FilterObject.Chain(name, def.hook(), null);
  }

  private static FilterObject setObject(String name, SetDef def) {
    return def.valueType() == null
        ? new FilterObject.NamedSet(name, def.keyType(), def.flags(), null)
        : new FilterObject.NamedMap(name, def.keyType(), def.valueType(), def.flags(), null);
  }

  // ---- reading ----

  Map<String, ChainDef> chains() {
    return chains;
  }

  Map<String, SetDef> sets() {
    return sets;
  }

  Map<String, Map<String, String>> elements() {
    return elements;
  }

  int ruleCount() {
    int n = 0;
    for (ChainDef c : chains.values()) {
      n += c.rules().size();
    }
    return n;
  }

  int elementCount() {
    int n = 0;
    for (Map<String, String> m : elements.values()) {
      n += m.size();
    }
    return n;
  }
}
