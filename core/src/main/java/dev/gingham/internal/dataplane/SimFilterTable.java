package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An nftables table of the simulation. A transaction runs on a copy, which replaces the table only
 * if every operation succeeded, so a failed transaction changes nothing, as nftables' are.
 *
 * <p>It checks what nftables checks of the objects it models: existence for CREATE, DELETE, REPLACE
 * and FLUSH; that a rule's {@code jump}/{@code goto} targets and {@code @set} references exist;
 * that a chain, set or map still referenced cannot be deleted (EBUSY); that set elements have no
 * value and map elements have one. It does not parse the rule language beyond that.
 */
final class SimFilterTable {
  private static final Pattern JUMP =
      Pattern.compile("\\b(?:jump|goto)\\s+([A-Za-z][A-Za-z0-9_.-]*)");
  private static final Pattern SET_REF = Pattern.compile("@([A-Za-z][A-Za-z0-9_.-]*)");

  private final FilterFamily family;
  private final String name;
  private final Map<String, FilterObject.Chain> chains = new LinkedHashMap<>();
  private final Map<String, List<FilterObject.Rule>> rules = new LinkedHashMap<>();
  private final Map<String, FilterObject.NamedSet> sets = new LinkedHashMap<>();
  private final Map<String, FilterObject.NamedMap> maps = new LinkedHashMap<>();
  private final Map<String, Map<String, FilterObject.Element>> elements = new LinkedHashMap<>();
  private long nextHandle = 1;

  SimFilterTable(FilterFamily family, String name) {
    this.family = family;
    this.name = name;
  }

  /**
   * A copy that shares the rule lists and element maps, and copies one only before it changes it:
   * so that a transaction costs what it changes, not the size of the table.
   */
  private SimFilterTable copy() {
    SimFilterTable c = new SimFilterTable(family, name);
    c.chains.putAll(chains);
    c.rules.putAll(rules);
    c.sets.putAll(sets);
    c.maps.putAll(maps);
    c.elements.putAll(elements);
    c.nextHandle = nextHandle;
    return c;
  }

  /**
   * Element adds to a map shared with the table before, made in place (a pod add must not copy a
   * set of every pod's address), with what takes each back if the transaction fails. Taking an
   * appended key out of a linked map restores its order exactly. Deletes copy the map instead.
   */
  private final List<Runnable> undo = new ArrayList<>();

  /** The rule lists and element maps this table made or copied itself, which it may change. */
  private final Set<String> ownRules = new HashSet<>();

  private final Set<String> ownElements = new HashSet<>();

  private List<FilterObject.Rule> changingRules(FilterTransaction.Operation what, String chain) {
    List<FilterObject.Rule> list = chainRules(what, chain);
    if (ownRules.add(chain)) {
      list = new ArrayList<>(list);
      rules.put(chain, list);
    }
    return list;
  }

  private Map<String, FilterObject.Element> changingElements(
      FilterTransaction.Operation what, String n) {
    Map<String, FilterObject.Element> in = container(what, n);
    if (ownElements.add(n)) {
      in = new LinkedHashMap<>(in);
      elements.put(n, in);
    }
    return in;
  }

  /** The table after the transaction, leaving this one as it was; throws on the first failure. */
  SimFilterTable apply(FilterTransaction tx) {
    SimFilterTable t = copy();
    try {
      for (FilterTransaction.Operation op : tx.operations()) {
        t.apply(op);
      }
    } catch (RuntimeException e) {
      t.rollBack();
      throw e;
    }
    t.undo.clear();
    return t;
  }

  /** Takes back the element adds made in place in maps this table shares with the one before. */
  private void rollBack() {
    for (int i = undo.size() - 1; i >= 0; i--) {
      undo.get(i).run();
    }
    undo.clear();
  }

  private String describe(FilterTransaction.Operation op) {
    return "nft "
        + op.verb().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + family.keyword()
        + " "
        + name
        + " "
        + op.object();
  }

  private void apply(FilterTransaction.Operation op) {
    FilterTransaction.Operation what = op;
    FilterObject o = op.object();
    switch (op.verb()) {
      case ADD:
      case CREATE:
        create(what, o, op.verb() == FilterTransaction.Verb.CREATE);
        break;
      case INSERT:
        insertRule(what, (FilterObject.Rule) o);
        break;
      case REPLACE:
        replaceRule(what, (FilterObject.Rule) o);
        break;
      case FLUSH:
        flush(what, o);
        break;
      case DELETE:
        delete(what, o);
        break;
      default:
        throw new IllegalStateException("unknown verb " + op.verb());
    }
  }

  private void create(FilterTransaction.Operation what, FilterObject o, boolean mustBeNew) {
    if (o instanceof FilterObject.Chain) {
      FilterObject.Chain c = (FilterObject.Chain) o;
      if (chains.containsKey(c.name())) {
        if (mustBeNew) {
          throw Errors.exists(describe(what), "chain " + c.name() + " exists");
        }
        return;
      }
      chains.put(c.name(), c);
      rules.put(c.name(), new ArrayList<>());
      ownRules.add(c.name());
    } else if (o instanceof FilterObject.Rule) {
      FilterObject.Rule r = (FilterObject.Rule) o;
      List<FilterObject.Rule> list = changingRules(what, r.chain());
      list.add(withHandle(what, r));
    } else if (o instanceof FilterObject.NamedSet) {
      FilterObject.NamedSet s = (FilterObject.NamedSet) o;
      if (sets.containsKey(s.name()) || maps.containsKey(s.name())) {
        if (mustBeNew || maps.containsKey(s.name())) {
          throw Errors.exists(describe(what), "set or map " + s.name() + " exists");
        }
        return;
      }
      sets.put(s.name(), s);
      elements.put(s.name(), new LinkedHashMap<>());
      ownElements.add(s.name());
    } else if (o instanceof FilterObject.NamedMap) {
      FilterObject.NamedMap m = (FilterObject.NamedMap) o;
      if (sets.containsKey(m.name()) || maps.containsKey(m.name())) {
        if (mustBeNew || sets.containsKey(m.name())) {
          throw Errors.exists(describe(what), "set or map " + m.name() + " exists");
        }
        return;
      }
      maps.put(m.name(), m);
      elements.put(m.name(), new LinkedHashMap<>());
      ownElements.add(m.name());
    } else {
      FilterObject.Element e = (FilterObject.Element) o;
      Map<String, FilterObject.Element> in = container(what, e.container());
      boolean isMap = maps.containsKey(e.container());
      if (isMap != (e.value() != null)) {
        throw Errors.invalid(
            describe(what),
            isMap
                ? "an element of map " + e.container() + " needs a value"
                : "an element of set " + e.container() + " takes no value");
      }
      if (e.value() != null) {
        requireTargets(what, e.value());
      }
      if (in.containsKey(e.key())) {
        if (mustBeNew) {
          throw Errors.exists(describe(what), "element " + e.key() + " exists");
        }
        return;
      }
      in.put(e.key(), e);
      if (!ownElements.contains(e.container())) {
        undo.add(() -> in.remove(e.key()));
      }
    }
  }

  private FilterObject.Rule withHandle(FilterTransaction.Operation what, FilterObject.Rule r) {
    requireTargets(what, r.body());
    return new FilterObject.Rule(r.chain(), r.body(), r.comment(), OptionalLong.of(nextHandle++));
  }

  private void insertRule(FilterTransaction.Operation what, FilterObject.Rule r) {
    changingRules(what, r.chain()).add(0, withHandle(what, r));
  }

  private void replaceRule(FilterTransaction.Operation what, FilterObject.Rule r) {
    List<FilterObject.Rule> list = changingRules(what, r.chain());
    long handle = r.handle().getAsLong();
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).handle().getAsLong() == handle) {
        requireTargets(what, r.body());
        list.set(
            i, new FilterObject.Rule(r.chain(), r.body(), r.comment(), OptionalLong.of(handle)));
        return;
      }
    }
    throw Errors.noEntry(
        describe(what), "no rule with handle " + handle + " in chain " + r.chain());
  }

  private void flush(FilterTransaction.Operation what, FilterObject o) {
    if (o instanceof FilterObject.Chain) {
      String c = ((FilterObject.Chain) o).name();
      chainRules(what, c);
      rules.put(c, new ArrayList<>());
      ownRules.add(c);
    } else {
      boolean isSet = o instanceof FilterObject.NamedSet;
      String n = isSet ? ((FilterObject.NamedSet) o).name() : ((FilterObject.NamedMap) o).name();
      requireKind(what, n, isSet);
      elements.put(n, new LinkedHashMap<>());
      ownElements.add(n);
    }
  }

  private void delete(FilterTransaction.Operation what, FilterObject o) {
    if (o instanceof FilterObject.Chain) {
      String c = ((FilterObject.Chain) o).name();
      List<FilterObject.Rule> list = chainRules(what, c);
      if (!list.isEmpty()) {
        throw Errors.busy(describe(what), "chain " + c + " still has rules");
      }
      if (referenced(c, JUMP)) {
        throw Errors.busy(describe(what), "chain " + c + " is the target of a jump or goto");
      }
      chains.remove(c);
      rules.remove(c);
      ownRules.remove(c);
    } else if (o instanceof FilterObject.Rule) {
      FilterObject.Rule r = (FilterObject.Rule) o;
      long handle = r.handle().getAsLong();
      if (!changingRules(what, r.chain()).removeIf(x -> x.handle().getAsLong() == handle)) {
        throw Errors.noEntry(
            describe(what), "no rule with handle " + handle + " in chain " + r.chain());
      }
    } else if (o instanceof FilterObject.NamedSet || o instanceof FilterObject.NamedMap) {
      boolean isSet = o instanceof FilterObject.NamedSet;
      String n = isSet ? ((FilterObject.NamedSet) o).name() : ((FilterObject.NamedMap) o).name();
      requireKind(what, n, isSet);
      if (referenced(n, SET_REF)) {
        throw Errors.busy(describe(what), (isSet ? "set " : "map ") + n + " is used by a rule");
      }
      (isSet ? sets : maps).remove(n);
      elements.remove(n);
      ownElements.remove(n);
    } else {
      FilterObject.Element e = (FilterObject.Element) o;
      if (!container(what, e.container()).containsKey(e.key())) {
        throw Errors.noEntry(describe(what), "no element " + e.key() + " in " + e.container());
      }
      changingElements(what, e.container()).remove(e.key());
    }
  }

  private void requireKind(FilterTransaction.Operation what, String n, boolean set) {
    if (!(set ? sets : maps).containsKey(n)) {
      throw Errors.noEntry(describe(what), "no " + (set ? "set " : "map ") + n);
    }
  }

  private List<FilterObject.Rule> chainRules(FilterTransaction.Operation what, String chain) {
    List<FilterObject.Rule> list = rules.get(chain);
    if (list == null) {
      throw Errors.noEntry(describe(what), "no chain " + chain);
    }
    return list;
  }

  private Map<String, FilterObject.Element> container(FilterTransaction.Operation what, String n) {
    Map<String, FilterObject.Element> in = elements.get(n);
    if (in == null) {
      throw Errors.noEntry(describe(what), "no set or map " + n);
    }
    return in;
  }

  /** Checks that the chains a text jumps to and the sets and maps it names exist. */
  private void requireTargets(FilterTransaction.Operation what, String text) {
    Matcher j = JUMP.matcher(text);
    while (j.find()) {
      if (!chains.containsKey(j.group(1))) {
        throw Errors.noEntry(describe(what), "no chain " + j.group(1));
      }
    }
    Matcher s = SET_REF.matcher(text);
    while (s.find()) {
      if (!elements.containsKey(s.group(1))) {
        throw Errors.noEntry(describe(what), "no set or map " + s.group(1));
      }
    }
  }

  private boolean referenced(String n, Pattern p) {
    for (List<FilterObject.Rule> list : rules.values()) {
      for (FilterObject.Rule r : list) {
        if (mentions(r.body(), n, p)) {
          return true;
        }
      }
    }
    for (Map<String, FilterObject.Element> in : elements.values()) {
      for (FilterObject.Element e : in.values()) {
        String v = e.value();
        if (v != null && mentions(v, n, p)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean mentions(String text, String n, Pattern p) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(n)) {
        return true;
      }
    }
    return false;
  }

  /** The table as the SPI reports it. */
  FilterTable snapshot() {
    Map<String, List<FilterObject.Rule>> r = new LinkedHashMap<>();
    rules.forEach((k, v) -> r.put(k, List.copyOf(v)));
    Map<String, List<FilterObject.Element>> e = new LinkedHashMap<>();
    elements.forEach((k, v) -> e.put(k, List.copyOf(v.values())));
    return new FilterTable(
        family,
        name,
        List.copyOf(chains.values()),
        r,
        List.copyOf(sets.values()),
        List.copyOf(maps.values()),
        e);
  }
}
