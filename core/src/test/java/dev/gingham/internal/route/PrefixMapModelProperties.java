package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import dev.gingham.route.PrefixMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * The map against a naive reference, a list scanned linearly: random sequences of puts, removes and
 * lookups, on prefixes drawn near a few seeds so that they overlap and nest, from the default route
 * to host routes, in both families. The maps compact after a few dozen garbage nodes, so that
 * compaction happens inside most sequences.
 */
class PrefixMapModelProperties {

  /** The values: few, so that prefixes share them as routes share next hops. */
  private static final String[] VALUES = {"a", "b", "c", "d", "e", "f", "g"};

  sealed interface Op permits Put, Remove, Lookup {}

  record Put(IpPrefix prefix, String value) implements Op {}

  record Remove(IpPrefix prefix) implements Op {}

  record Lookup(IpAddress address) implements Op {}

  /** The reference: entries in insertion order, scanned whole for every question. */
  static final class Model {
    final Map<IpPrefix, String> entries = new LinkedHashMap<>();

    @Nullable String longestMatch(IpAddress a) {
      IpPrefix best = null;
      for (IpPrefix p : entries.keySet()) {
        if (p.contains(a) && (best == null || p.length() > best.length())) {
          best = p;
        }
      }
      return best == null ? null : entries.get(best);
    }

    List<PrefixMap.Entry<String>> sorted() {
      List<PrefixMap.Entry<String>> out = new ArrayList<>();
      entries.forEach((p, v) -> out.add(new PrefixMap.Entry<>(p, v)));
      out.sort(Comparator.comparing(PrefixMap.Entry::prefix));
      return out;
    }
  }

  @Property(tries = 300)
  void ipv4AgreesWithTheReference(@ForAll("ipv4Ops") List<Op> ops) {
    run(ops);
  }

  @Property(tries = 300)
  void ipv6AgreesWithTheReference(@ForAll("ipv6Ops") List<Op> ops) {
    run(ops);
  }

  @Property(tries = 100)
  void bothFamiliesTogetherAgreeWithTheReference(@ForAll("mixedOps") List<Op> ops) {
    run(ops);
  }

  /**
   * Nested prefixes along one address, put and removed one at a time, each followed by lookups of
   * the address and of the address with each of its bits flipped in turn: a key that leaves the
   * thread at any bit, which is what the IPv6 walk's skipped bits are checked against.
   */
  @Property(tries = 150)
  void ipv6KeysLeavingAThreadOfPrefixesAgreeWithTheReference(@ForAll("ipv6Threads") List<Op> ops) {
    run(ops);
  }

  @Property(tries = 100)
  void ipv4KeysLeavingAThreadOfPrefixesAgreeWithTheReference(@ForAll("ipv4Threads") List<Op> ops) {
    run(ops);
  }

  /**
   * The same sequences with each run of consecutive puts applied as one {@code putAll} (with the
   * run's first value, as one BGP UPDATE gives its prefixes one next hop) and each run of removes
   * as one {@code removeAll}, checked around every prefix of the run afterwards.
   */
  @Property(tries = 200)
  void batchedWritesAgreeWithTheReference(@ForAll("mixedOps") List<Op> ops) {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>(16);
    Model model = new Model();
    int i = 0;
    while (i < ops.size()) {
      Op op = ops.get(i);
      List<IpPrefix> run = new ArrayList<>();
      if (op instanceof Lookup) {
        check(map, model, ((Lookup) op).address());
        i++;
        continue;
      }
      boolean puts = op instanceof Put;
      String value = puts ? ((Put) op).value() : "";
      for (; i < ops.size() && ops.get(i).getClass() == op.getClass(); i++) {
        run.add(puts ? ((Put) ops.get(i)).prefix() : ((Remove) ops.get(i)).prefix());
      }
      if (puts) {
        map.putAll(run, value);
        run.forEach(p -> model.entries.put(p, value));
      } else {
        map.removeAll(run);
        run.forEach(model.entries::remove);
      }
      assertThat(map.size()).as("size after a batch of %s", run).isEqualTo(model.entries.size());
      for (IpPrefix p : run) {
        assertThat(map.get(p)).as("value of %s", p).isEqualTo(model.entries.get(p));
        checkAround(map, model, p);
      }
    }
    List<PrefixMap.Entry<String>> all = new ArrayList<>();
    map.forEach(all::add);
    assertThat(all).as("iteration order").isEqualTo(model.sorted());
  }

  private static void run(List<Op> ops) {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>(16);
    Model model = new Model();
    List<IpAddress> probes = new ArrayList<>();
    for (Op op : ops) {
      if (op instanceof Lookup) {
        probes.add(((Lookup) op).address());
      } else {
        IpPrefix p = op instanceof Put ? ((Put) op).prefix() : ((Remove) op).prefix();
        probes.add(p.first());
        probes.add(p.last());
      }
      if (op instanceof Put) {
        Put put = (Put) op;
        assertThat(map.put(put.prefix(), put.value()))
            .as("previous value of %s", put.prefix())
            .isEqualTo(model.entries.put(put.prefix(), put.value()));
        checkAround(map, model, put.prefix());
      } else if (op instanceof Remove) {
        Remove remove = (Remove) op;
        assertThat(map.remove(remove.prefix()))
            .as("removed value of %s", remove.prefix())
            .isEqualTo(model.entries.remove(remove.prefix()));
        checkAround(map, model, remove.prefix());
      } else {
        IpAddress a = ((Lookup) op).address();
        check(map, model, a);
      }
    }
    assertThat(map.size()).isEqualTo(model.entries.size());
    List<PrefixMap.Entry<String>> all = new ArrayList<>();
    map.forEach(all::add);
    assertThat(all).as("iteration order").isEqualTo(model.sorted());
    for (IpPrefix p : model.entries.keySet()) {
      assertThat(map.get(p)).isEqualTo(model.entries.get(p));
      assertThat(map.covering(p))
          .as("covering %s", p)
          .isEqualTo(
              model.sorted().stream()
                  .filter(e -> e.prefix().contains(p))
                  .sorted(Comparator.comparingInt(e -> e.prefix().length()))
                  .toList());
      assertThat(map.covered(p))
          .as("covered by %s", p)
          .isEqualTo(model.sorted().stream().filter(e -> p.contains(e.prefix())).toList());
    }
    map.compact();
    for (IpPrefix p : model.entries.keySet()) {
      checkAround(map, model, p);
    }
    checkBatched(map, model, probes);
  }

  /** The batched lookups give what the reference gives, address by address. */
  private static void checkBatched(
      PoptriePrefixMap<String> map, Model model, List<IpAddress> probes) {
    List<Ipv4Address> v4 = new ArrayList<>();
    List<Ipv6Address> v6 = new ArrayList<>();
    for (IpAddress a : probes) {
      if (a instanceof Ipv4Address) {
        v4.add((Ipv4Address) a);
      } else {
        v6.add((Ipv6Address) a);
      }
    }
    int[] keys = new int[v4.size() + 3];
    for (int i = 0; i < v4.size(); i++) {
      keys[i] = v4.get(i).toInt();
    }
    String[] out = new String[keys.length];
    map.longestMatches(keys, v4.size(), out);
    for (int i = 0; i < v4.size(); i++) {
      assertThat(out[i])
          .as("batched match of %s", v4.get(i))
          .isEqualTo(model.longestMatch(v4.get(i)));
    }
    long[] highs = new long[v6.size()];
    long[] lows = new long[v6.size()];
    for (int i = 0; i < v6.size(); i++) {
      highs[i] = v6.get(i).high();
      lows[i] = v6.get(i).low();
    }
    String[] out6 = new String[v6.size()];
    map.longestMatches(highs, lows, v6.size(), out6);
    for (int i = 0; i < v6.size(); i++) {
      assertThat(out6[i])
          .as("batched match of %s", v6.get(i))
          .isEqualTo(model.longestMatch(v6.get(i)));
    }
    checkNumbered(map, model, v4, v6, highs, lows);
  }

  /**
   * The numbered lookups map back to what the reference gives: the IPv4 probes repeated to a count
   * no multiple of the eight looked up in lock step, so that groups and the tail both run.
   */
  private static void checkNumbered(
      PoptriePrefixMap<String> map,
      Model model,
      List<Ipv4Address> v4,
      List<Ipv6Address> v6,
      long[] highs,
      long[] lows) {
    int n = v4.isEmpty() ? 0 : 263;
    int[] keys = new int[n + 2];
    for (int i = 0; i < n; i++) {
      keys[i] = v4.get(i % v4.size()).toInt();
    }
    int[] ids = new int[n + 2];
    ids[n] = -7; // past the count: left alone
    PrefixMap.ValueIds<String> numbering = map.longestMatchIds(keys, n, ids);
    for (int i = 0; i < n; i++) {
      String expected = model.longestMatch(v4.get(i % v4.size()));
      assertThat(numbering.value(ids[i]))
          .as("numbered match of %s", v4.get(i % v4.size()))
          .isEqualTo(expected);
      assertThat(ids[i] == 0).as("no match is 0").isEqualTo(expected == null);
    }
    assertThat(ids[n]).isEqualTo(-7);
    int[] ids6 = new int[v6.size()];
    PrefixMap.ValueIds<String> numbering6 = map.longestMatchIds(highs, lows, v6.size(), ids6);
    for (int i = 0; i < v6.size(); i++) {
      String expected = model.longestMatch(v6.get(i));
      assertThat(numbering6.value(ids6[i]))
          .as("numbered match of %s", v6.get(i))
          .isEqualTo(expected);
      assertThat(ids6[i] == 0).as("no match is 0").isEqualTo(expected == null);
    }
  }

  /** Looks up the prefix's first and last address and their neighbours outside it. */
  private static void checkAround(PoptriePrefixMap<String> map, Model model, IpPrefix p) {
    check(map, model, p.first());
    check(map, model, p.last());
    if (!p.first().isUnspecified()) {
      check(map, model, p.first().previous());
    }
    if (!p.last().equals(IpPrefix.ofMasking(p.last(), 0).last())) {
      check(map, model, p.last().next());
    }
  }

  private static void check(PoptriePrefixMap<String> map, Model model, IpAddress a) {
    String expected = model.longestMatch(a);
    assertThat(map.longestMatch(a)).as("longest match of %s", a).isEqualTo(expected);
    if (a instanceof Ipv4Address) {
      assertThat(map.longestMatch(((Ipv4Address) a).toInt())).isEqualTo(expected);
    } else {
      Ipv6Address a6 = (Ipv6Address) a;
      assertThat(map.longestMatch(a6.high(), a6.low())).isEqualTo(expected);
    }
    PrefixMap.Entry<String> e = map.longestMatchEntry(a);
    assertThat(e == null ? null : e.value()).isEqualTo(expected);
    if (e != null) {
      assertThat(e.prefix().contains(a)).isTrue();
    }
  }

  @Provide
  Arbitrary<List<Op>> ipv4Ops() {
    return ops(IpFamily.IPV4);
  }

  @Provide
  Arbitrary<List<Op>> ipv6Ops() {
    return ops(IpFamily.IPV6);
  }

  @Provide
  Arbitrary<List<Op>> ipv4Threads() {
    return threads(IpFamily.IPV4);
  }

  @Provide
  Arbitrary<List<Op>> ipv6Threads() {
    return threads(IpFamily.IPV6);
  }

  @Provide
  Arbitrary<List<Op>> mixedOps() {
    return Combinators.combine(ops(IpFamily.IPV4), ops(IpFamily.IPV6))
        .as(
            (a, b) -> {
              List<Op> all = new ArrayList<>();
              for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                if (i < a.size()) {
                  all.add(a.get(i));
                }
                if (i < b.size()) {
                  all.add(b.get(i));
                }
              }
              return all;
            });
  }

  private static Arbitrary<List<Op>> ops(IpFamily family) {
    return seeds(family)
        .flatMap(
            seeds -> {
              Arbitrary<IpAddress> address = addressNear(family, seeds);
              Arbitrary<Integer> length = lengths(family);
              Arbitrary<IpPrefix> prefix =
                  Combinators.combine(address, length).as(IpPrefix::ofMasking);
              Arbitrary<Op> put = Combinators.combine(prefix, Arbitraries.of(VALUES)).as(Put::new);
              Arbitrary<Op> remove = prefix.map(Remove::new);
              Arbitrary<Op> lookup = address.map(Lookup::new);
              return Arbitraries.frequencyOf(
                      Tuple.of(5, put), Tuple.of(2, remove), Tuple.of(3, lookup))
                  .list()
                  .ofMaxSize(120);
            });
  }

  private static Arbitrary<List<Op>> threads(IpFamily family) {
    int bits = family.bits();
    return seeds(family)
        .flatMap(
            seeds -> {
              IpAddress along = seeds.get(0);
              Arbitrary<Op> write =
                  Combinators.combine(
                          threadLengths(family),
                          Arbitraries.of(VALUES),
                          Arbitraries.integers().between(0, 3))
                      .as(
                          (length, value, how) -> {
                            IpPrefix p = IpPrefix.ofMasking(along, length);
                            return how == 0 ? (Op) new Remove(p) : (Op) new Put(p, value);
                          });
              return write
                  .list()
                  .ofMinSize(1)
                  .ofMaxSize(12)
                  .map(
                      writes -> {
                        List<Op> ops = new ArrayList<>();
                        for (Op w : writes) {
                          ops.add(w);
                          ops.add(new Lookup(along));
                          for (int bit = 0; bit < bits; bit++) {
                            ops.add(new Lookup(flip(along, bit)));
                          }
                        }
                        return ops;
                      });
            });
  }

  /**
   * Lengths for threads: anywhere, and often where IPv6 nodes start or a skip must stop (the levels
   * 16 + 6k, bit 64, the last level at 124).
   */
  private static Arbitrary<Integer> threadLengths(IpFamily family) {
    return family == IpFamily.IPV4
        ? Arbitraries.integers().between(0, 32)
        : Arbitraries.frequencyOf(
            Tuple.of(
                2,
                Arbitraries.of(16, 17, 22, 23, 46, 48, 52, 57, 58, 59, 63, 64, 65, 70, 123, 124)),
            Tuple.of(3, Arbitraries.integers().between(0, 128)));
  }

  /** The address with one bit (0 the most significant) flipped. */
  private static IpAddress flip(IpAddress a, int bit) {
    if (a instanceof Ipv4Address) {
      return Ipv4Address.of(((Ipv4Address) a).toInt() ^ (1 << (31 - bit)));
    }
    Ipv6Address a6 = (Ipv6Address) a;
    return bit < 64
        ? Ipv6Address.of(a6.high() ^ (1L << (63 - bit)), a6.low())
        : Ipv6Address.of(a6.high(), a6.low() ^ (1L << (127 - bit)));
  }

  /** Lengths that favour the interesting ones: 0, the direct array's edge, /24, /48, full. */
  private static Arbitrary<Integer> lengths(IpFamily family) {
    int bits = family.bits();
    return family == IpFamily.IPV4
        ? Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.of(0, 32, 17, 18, 19, 24, 30, 31)),
            Tuple.of(3, Arbitraries.integers().between(0, bits)))
        : Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.of(0, 128, 15, 16, 17, 48, 63, 64, 65, 124, 127)),
            Tuple.of(3, Arbitraries.integers().between(0, bits)));
  }

  /** A few random addresses that the prefixes and lookups cluster around. */
  private static Arbitrary<List<IpAddress>> seeds(IpFamily family) {
    Arbitrary<IpAddress> any =
        family == IpFamily.IPV4
            ? Arbitraries.integers().map(i -> (IpAddress) Ipv4Address.of(i))
            : Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                .as((h, l) -> (IpAddress) Ipv6Address.of(h, l));
    return any.list().ofMinSize(1).ofMaxSize(4);
  }

  /** A seed with a few of its low bits, or one high bit, changed. */
  private static Arbitrary<IpAddress> addressNear(IpFamily family, List<IpAddress> seeds) {
    int bits = family.bits();
    return Combinators.combine(
            Arbitraries.of(seeds),
            Arbitraries.integers().between(0, bits - 1),
            Arbitraries.integers().between(0, 3))
        .as(
            (seed, bit, how) -> {
              if (family == IpFamily.IPV4) {
                int x = ((Ipv4Address) seed).toInt();
                int flipped = how == 0 ? x ^ (1 << (31 - bit)) : how == 1 ? x ^ (bit & 0xFF) : x;
                return (IpAddress) Ipv4Address.of(flipped);
              }
              Ipv6Address s = (Ipv6Address) seed;
              long h = s.high();
              long l = s.low();
              if (how == 0) {
                if (bit < 64) {
                  h ^= 1L << (63 - bit);
                } else {
                  l ^= 1L << (127 - bit);
                }
              } else if (how == 1) {
                l ^= bit & 0xFF;
              }
              return (IpAddress) Ipv6Address.of(h, l);
            });
  }
}
