package dev.gingham.internal.policy;

import dev.gingham.policy.Labels;
import dev.gingham.policy.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which entities each selector matches, and which selectors each entity matches, kept up to date
 * incrementally as Felix's label index does.
 *
 * <p>A new entity is tested only against the selectors it could match: those filed under one of its
 * labels (a selector is filed under one {@code key == value} it requires) and those that require
 * none. A changed entity is tested only against the selectors that read a changed key. A new
 * selector is tested only against the entities that carry its filing label. Each change of a match
 * is reported to the {@link Listener} at once, in a deterministic order.
 *
 * <p>Not thread-safe: one writer drives it (the policy engine's single writer).
 *
 * @param <K> the entity key type
 */
public final class LabelIndex<K> {
  /** Receives each change of a match. */
  public interface Listener<K> {
    /** {@code selector} now matches {@code entity}, or no longer does. */
    void matchChanged(Selector selector, K entity, boolean matches);
  }

  private static final class SelectorEntry<K> {
    final Selector selector;
    final Set<K> matches = new LinkedHashSet<>();
    final Set<String> keys;
    final Map.Entry<String, String> filing;

    SelectorEntry(Selector selector) {
      this.selector = selector;
      this.keys = selector.keys();
      Map<String, String> required = selector.requiredLabels();
      // The namespace is the most selective label selectors commonly require: file under it.
      String ns = required.get(Selector.NAMESPACE_LABEL);
      this.filing =
          ns != null
              ? Map.entry(Selector.NAMESPACE_LABEL, ns)
              : required.isEmpty() ? null : required.entrySet().iterator().next();
    }
  }

  private static final class EntityEntry<K> {
    Labels labels;

    /**
     * The selectors it matches, in the order they began to. A list, not a linked set: an index
     * holds an entry for every endpoint of the cluster, and most match a selector or two, where a
     * linked set costs about 200 bytes each (a simulated cluster holds 500 such indexes in one
     * JVM).
     */
    final List<SelectorEntry<K>> matches = new ArrayList<>(2);

    EntityEntry(Labels labels) {
      this.labels = labels;
    }
  }

  private final Listener<K> listener;
  private final Map<Selector, SelectorEntry<K>> selectors = new HashMap<>();
  private final Map<K, EntityEntry<K>> entities = new HashMap<>();

  /** key → value → selectors filed there. */
  private final Map<String, Map<String, Set<SelectorEntry<K>>>> filed = new HashMap<>();

  private final Set<SelectorEntry<K>> unfiled = new LinkedHashSet<>();

  /** key → selectors that read it. */
  private final Map<String, Set<SelectorEntry<K>>> readers = new HashMap<>();

  /** key → value → entities with that label. */
  private final Map<String, Map<String, Set<K>>> entitiesByLabel = new HashMap<>();

  /** An empty index reporting to {@code listener}. */
  public LabelIndex(Listener<K> listener) {
    this.listener = listener;
  }

  /** Adds a selector, reporting each entity it matches. Adding a present selector does nothing. */
  public void addSelector(Selector selector) {
    if (selectors.containsKey(selector)) {
      return;
    }
    SelectorEntry<K> s = new SelectorEntry<>(selector);
    selectors.put(selector, s);
    if (s.filing == null) {
      unfiled.add(s);
    } else {
      filed
          .computeIfAbsent(s.filing.getKey(), k -> new HashMap<>())
          .computeIfAbsent(s.filing.getValue(), k -> new LinkedHashSet<>())
          .add(s);
    }
    for (String k : s.keys) {
      readers.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(s);
    }
    Set<K> candidates;
    if (s.filing == null) {
      candidates = entities.keySet();
    } else {
      candidates =
          entitiesByLabel
              .getOrDefault(s.filing.getKey(), Map.of())
              .getOrDefault(s.filing.getValue(), Set.of());
    }
    for (K k : new ArrayList<>(candidates)) {
      EntityEntry<K> e = entities.get(k);
      if (selector.matches(e.labels)) {
        s.matches.add(k);
        e.matches.add(s);
        listener.matchChanged(selector, k, true);
      }
    }
  }

  /** Removes a selector, reporting each match it loses. Removing an absent one does nothing. */
  public void removeSelector(Selector selector) {
    SelectorEntry<K> s = selectors.remove(selector);
    if (s == null) {
      return;
    }
    if (s.filing == null) {
      unfiled.remove(s);
    } else {
      Map<String, Set<SelectorEntry<K>>> byValue = filed.get(s.filing.getKey());
      Set<SelectorEntry<K>> set = byValue.get(s.filing.getValue());
      set.remove(s);
      if (set.isEmpty()) {
        byValue.remove(s.filing.getValue());
      }
    }
    for (String k : s.keys) {
      Set<SelectorEntry<K>> r = readers.get(k);
      r.remove(s);
      if (r.isEmpty()) {
        readers.remove(k);
      }
    }
    for (K k : s.matches) {
      entities.get(k).matches.remove(s);
      listener.matchChanged(selector, k, false);
    }
  }

  /** Adds an entity or changes its labels, reporting each match gained or lost. */
  public void putEntity(K key, Labels labels) {
    EntityEntry<K> e = entities.get(key);
    if (e == null) {
      e = new EntityEntry<>(labels);
      entities.put(key, e);
      indexLabels(key, labels, true);
      for (SelectorEntry<K> s : candidatesFor(labels)) {
        if (s.selector.matches(labels)) {
          s.matches.add(key);
          e.matches.add(s);
          listener.matchChanged(s.selector, key, true);
        }
      }
      return;
    }
    Labels old = e.labels;
    if (old.equals(labels)) {
      return;
    }
    indexLabels(key, old, false);
    e.labels = labels;
    indexLabels(key, labels, true);
    Set<SelectorEntry<K>> affected = new LinkedHashSet<>();
    for (String k : changedKeys(old, labels)) {
      affected.addAll(readers.getOrDefault(k, Set.of()));
    }
    for (SelectorEntry<K> s : affected) {
      boolean now = s.selector.matches(labels);
      if (now != s.matches.contains(key)) {
        if (now) {
          s.matches.add(key);
          e.matches.add(s);
        } else {
          s.matches.remove(key);
          e.matches.remove(s);
        }
        listener.matchChanged(s.selector, key, now);
      }
    }
  }

  /** Removes an entity, reporting each match it loses. Removing an absent one does nothing. */
  public void removeEntity(K key) {
    EntityEntry<K> e = entities.remove(key);
    if (e == null) {
      return;
    }
    indexLabels(key, e.labels, false);
    for (SelectorEntry<K> s : e.matches) {
      s.matches.remove(key);
      listener.matchChanged(s.selector, key, false);
    }
  }

  /** The entities a selector matches (empty when it is not in the index). Unmodifiable view. */
  public Set<K> matches(Selector selector) {
    SelectorEntry<K> s = selectors.get(selector);
    return s == null ? Set.of() : Collections.unmodifiableSet(s.matches);
  }

  /** The selectors an entity matches. */
  public List<Selector> selectorsMatching(K key) {
    EntityEntry<K> e = entities.get(key);
    List<Selector> out = new ArrayList<>();
    if (e != null) {
      e.matches.forEach(s -> out.add(s.selector));
    }
    return out;
  }

  /** The labels an entity was last put with, or null when it is not in the index. */
  public @Nullable Labels labels(K key) {
    EntityEntry<K> e = entities.get(key);
    return e == null ? null : e.labels;
  }

  /** The number of selectors. */
  public int selectorCount() {
    return selectors.size();
  }

  private List<SelectorEntry<K>> candidatesFor(Labels labels) {
    List<SelectorEntry<K>> out = new ArrayList<>(unfiled);
    labels.forEach(
        (k, v) -> {
          Map<String, Set<SelectorEntry<K>>> byValue = filed.get(k);
          if (byValue != null) {
            out.addAll(byValue.getOrDefault(v, Set.of()));
          }
        });
    return out;
  }

  private void indexLabels(K key, Labels labels, boolean add) {
    labels.forEach(
        (k, v) -> {
          if (add) {
            entitiesByLabel
                .computeIfAbsent(k, x -> new HashMap<>())
                .computeIfAbsent(v, x -> new LinkedHashSet<>())
                .add(key);
          } else {
            Map<String, Set<K>> byValue = entitiesByLabel.get(k);
            Set<K> set = byValue.get(v);
            set.remove(key);
            if (set.isEmpty()) {
              byValue.remove(v);
              if (byValue.isEmpty()) {
                entitiesByLabel.remove(k);
              }
            }
          }
        });
  }

  private static Set<String> changedKeys(Labels a, Labels b) {
    Set<String> out = new HashSet<>();
    a.forEach(
        (k, v) -> {
          if (!v.equals(b.get(k))) {
            out.add(k);
          }
        });
    b.forEach(
        (k, v) -> {
          if (!a.containsKey(k)) {
            out.add(k);
          }
        });
    return out;
  }
}
