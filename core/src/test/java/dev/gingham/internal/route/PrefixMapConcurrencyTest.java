package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import dev.gingham.route.PrefixMap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One writer and two readers, and no reader ever sees a torn state. Each value is its own prefix,
 * so every answer can be checked: it must contain the address looked up. Stable prefixes sit in the
 * same direct-array chunks and trie nodes the writer churns (adding and removing prefixes around
 * them, growing the arrays, compacting every few hundred changes, through single and batched
 * writes), and a reader must always find them exactly. Bounded: the writer stops after {@value
 * #WRITES} changes or 3 seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrefixMapConcurrencyTest {
  private static final int WRITES = 300_000;
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(3);
  // Few, so that the writer keeps rebuilding the very nodes the readers are walking.
  private static final int STABLE = 4;

  @Test
  void readersNeverSeeATornState() throws InterruptedException {
    PoptriePrefixMap<IpPrefix> map = new PoptriePrefixMap<>(256);
    IpPrefix anchor4 = IpPrefix.parse("10.0.0.0/8");
    IpPrefix anchor6 = IpPrefix.parse("fd00::/16");
    map.put(anchor4, anchor4);
    map.put(anchor6, anchor6);
    // Stable /24s (and /56s) whose first half no churned prefix covers more specifically.
    List<IpPrefix> stable = new ArrayList<>();
    SplittableRandom setup = new SplittableRandom(7);
    while (stable.size() < STABLE) {
      IpPrefix p4 = IpPrefix.ofMasking(Ipv4Address.of(0x0A00_0000 | setup.nextInt(1 << 24)), 24);
      IpPrefix p6 =
          IpPrefix.ofMasking(
              Ipv6Address.of(0xFD00_0000_0000_0000L | (setup.nextLong() >>> 16), 0), 56);
      if (map.get(p4) == null && map.get(p6) == null) {
        map.put(p4, p4);
        map.put(p6, p6);
        stable.add(p4);
        stable.add(p6);
      }
    }
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong lookups = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      long seed = 100 + t;
      Thread reader =
          new Thread(
              () -> read(map, stable, anchor4, anchor6, done, failures, lookups, seed),
              "reader-" + t);
      readers.add(reader);
      reader.start();
    }
    int writes = write(map, stable);
    done.set(true);
    for (Thread r : readers) {
      r.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(failures).as("what readers saw").isEmpty();
    assertThat(writes).isPositive();
    assertThat(lookups.get()).as("lookups made during the writes").isGreaterThan(1000);
    for (IpPrefix p : stable) {
      assertThat(map.get(p)).isEqualTo(p);
    }
  }

  /** Churns prefixes around the stable ones; returns how many changes it made. */
  private static int write(PoptriePrefixMap<IpPrefix> map, List<IpPrefix> stable) {
    SplittableRandom random = new SplittableRandom(1);
    List<IpPrefix> added = new ArrayList<>();
    long start = System.nanoTime();
    int writes = 0;
    while (writes < WRITES && System.nanoTime() - start < MAX_NANOS) {
      if (added.size() > 2_000 && random.nextInt(4) == 0) {
        // A batch of removes, longer than the window putAll and removeAll read ahead.
        List<IpPrefix> batch = new ArrayList<>(added.subList(0, 100));
        added.subList(0, 100).clear();
        map.removeAll(batch);
        writes += batch.size();
        continue;
      }
      if (added.size() > 2_000 || (!added.isEmpty() && random.nextInt(3) == 0)) {
        IpPrefix p = added.remove(random.nextInt(added.size()));
        map.remove(p);
      } else {
        IpPrefix near = stable.get(random.nextInt(stable.size()));
        IpPrefix p = churned(near, random);
        if (map.get(p) == null) {
          if (random.nextBoolean()) {
            map.put(p, p);
          } else {
            map.putAll(List.of(p), p); // each value is its own prefix: batches of one
          }
          added.add(p);
        }
      }
      writes++;
    }
    return writes;
  }

  /**
   * A prefix near a stable one: shorter ones that contain it (they cannot change its answer), or
   * longer ones in its second half, so that the first half keeps answering the stable prefix.
   */
  private static IpPrefix churned(IpPrefix near, SplittableRandom random) {
    IpAddress base = near.network();
    int bits = base.bitLength();
    if (random.nextBoolean()) {
      return IpPrefix.ofMasking(base, 9 + random.nextInt(near.length() - 9));
    }
    int length = near.length() + 1 + random.nextInt(bits - near.length());
    if (bits == 32) {
      int half = 1 << (32 - near.length() - 1);
      int host = half + random.nextInt(half);
      return IpPrefix.ofMasking(Ipv4Address.of(((Ipv4Address) base).toInt() | host), length);
    }
    Ipv6Address b = (Ipv6Address) base;
    // The second half of a /56: bit 56 set, anything after it.
    long high = b.high() | 0x80L | (random.nextLong() & 0x7F);
    return IpPrefix.ofMasking(Ipv6Address.of(high, random.nextLong()), length);
  }

  private static void read(
      PoptriePrefixMap<IpPrefix> map,
      List<IpPrefix> stable,
      IpPrefix anchor4,
      IpPrefix anchor6,
      AtomicBoolean done,
      ConcurrentLinkedQueue<String> failures,
      AtomicLong lookups,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] batch = new int[64];
    IpPrefix[] answers = new IpPrefix[64];
    int[] ids = new int[64];
    long[] highs = new long[64];
    long[] lows = new long[64];
    PrefixMap.ValueIds<IpPrefix> held6 = null;
    IpPrefix heldAnswer6 = null;
    int[] heldIds6 = new int[64];
    PrefixMap.ValueIds<IpPrefix> held = null;
    IpPrefix heldAnswer = null;
    int[] heldIds = new int[64];
    long n = 0;
    try {
      while (!done.get() && failures.size() < 10) {
        IpPrefix s = stable.get(random.nextInt(stable.size()));
        // Addresses in the stable prefix's first half: their answer never changes.
        IpAddress inFirstHalf = firstHalf(s, random);
        if (inFirstHalf instanceof Ipv4Address) {
          int a = ((Ipv4Address) inFirstHalf).toInt();
          for (int i = 0; i < 64; i++) {
            IpPrefix got = map.longestMatch(a + i);
            if (got != s) {
              failures.add(
                  "longest match of " + Ipv4Address.of(a + i) + " was " + got + ", not " + s);
            }
          }
          n += 64;
          // The batched lookup, in lock step over groups of eight, three batches of 61 so that the
          // tail runs too: keys in the stable half (exactly s; their first node is mostly internal,
          // the per-key path), keys in s's /18 around it (a prefix that holds them; the churned
          // /9 to /23s rebuild the very first nodes they read, the lock-step path), and keys
          // where no prefix is (null). "Holds" cannot tell a shorter answer from the longest;
          // the model properties check that.
          // Each batch is looked up twice: for values, and for value numbers (mapped through the
          // numbering the call returned, whatever the writer renumbers meanwhile).
          int base = ((Ipv4Address) s.network()).toInt();
          for (int kind = 0; kind < 3; kind++) {
            for (int i = 0; i < 61; i++) {
              batch[i] =
                  kind == 0
                      ? a + i
                      : kind == 1 ? (base & ~0x3FFF) | random.nextInt(1 << 14) : 0xC000_0000 + i;
            }
            for (int form = 0; form < 2; form++) {
              if (form == 0) {
                map.longestMatches(batch, 61, answers);
              } else {
                PrefixMap.ValueIds<IpPrefix> numbering = map.longestMatchIds(batch, 61, ids);
                for (int i = 0; i < 61; i++) {
                  answers[i] = numbering.value(ids[i]);
                }
                // The last kind-0 numbering, read again after the writer has gone on: its numbers
                // must still mean s.
                if (kind == 0) {
                  if (held != null) {
                    for (int i = 0; i < 61; i++) {
                      IpPrefix again = held.value(heldIds[i]);
                      if (again != heldAnswer) {
                        failures.add("a held number came to mean " + again + ", not " + heldAnswer);
                      }
                    }
                  }
                  held = numbering;
                  heldAnswer = s;
                  System.arraycopy(ids, 0, heldIds, 0, 61);
                }
              }
              for (int i = 0; i < 61; i++) {
                IpPrefix got = answers[i];
                Ipv4Address key = Ipv4Address.of(batch[i]);
                boolean right =
                    kind == 0
                        ? got == s
                        : kind == 1 ? got != null && got.contains(key) : got == null;
                if (!right) {
                  failures.add(
                      (form == 0 ? "batched" : "numbered")
                          + " longest match of "
                          + key
                          + " was "
                          + got);
                }
              }
              n += 61;
            }
          }
        } else {
          Ipv6Address a = (Ipv6Address) inFirstHalf;
          for (int i = 0; i < 64; i++) {
            IpPrefix got = map.longestMatch(a.high(), a.low() + i);
            if (got != s) {
              failures.add("longest match of " + a + "+" + i + " was " + got + ", not " + s);
            }
          }
          n += 64;
          // Numbered, 61 at a time (groups of four and a tail): the writer's renumberings
          // happen between the Poptrie's publication and the ranges', which the batch must
          // see through.
          for (int i = 0; i < 61; i++) {
            highs[i] = a.high();
            lows[i] = a.low() + i;
          }
          PrefixMap.ValueIds<IpPrefix> numbering = map.longestMatchIds(highs, lows, 61, ids);
          for (int i = 0; i < 61; i++) {
            IpPrefix got = numbering.value(ids[i]);
            if (got != s) {
              failures.add("numbered longest match of " + a + "+" + i + " was " + got);
            }
          }
          n += 61;
          // And the last IPv6 numbering, read again after the writer has gone on.
          if (held6 != null) {
            for (int i = 0; i < 61; i++) {
              IpPrefix again = held6.value(heldIds6[i]);
              if (again != heldAnswer6) {
                failures.add("a held IPv6 number came to mean " + again + ", not " + heldAnswer6);
              }
            }
          }
          held6 = numbering;
          heldAnswer6 = s;
          System.arraycopy(ids, 0, heldIds6, 0, 61);
        }
        // Anywhere under the anchors: some prefix that contains the address, never nothing.
        IpAddress any =
            random.nextBoolean()
                ? Ipv4Address.of(0x0A00_0000 | random.nextInt(1 << 24))
                : Ipv6Address.of(
                    0xFD00_0000_0000_0000L | (random.nextLong() >>> 16), random.nextLong());
        IpPrefix answer =
            any instanceof Ipv4Address
                ? map.longestMatch(((Ipv4Address) any).toInt())
                : map.longestMatch(((Ipv6Address) any).high(), ((Ipv6Address) any).low());
        if (answer == null || !answer.contains(any)) {
          failures.add("longest match of " + any + " was " + answer);
        }
        if (!s.equals(map.get(s))) {
          failures.add("exact " + s + " was " + map.get(s));
        }
        n += 3;
      }
    } catch (RuntimeException e) {
      failures.add("reader threw " + e);
    }
    lookups.addAndGet(n);
    if (!anchor4.equals(map.get(anchor4)) || !anchor6.equals(map.get(anchor6))) {
      failures.add("an anchor went missing");
    }
  }

  private static IpAddress firstHalf(IpPrefix p, SplittableRandom random) {
    if (p.network() instanceof Ipv4Address) {
      int half = 1 << (32 - p.length() - 1);
      return Ipv4Address.of(((Ipv4Address) p.network()).toInt() + random.nextInt(half - 64));
    }
    Ipv6Address n = (Ipv6Address) p.network();
    return Ipv6Address.of(n.high() | (random.nextLong() & 0x7F), random.nextLong() >>> 1);
  }
}
