package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv6Address;
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
 * One writer and two readers on the IPv6 ranges ({@link RangeFib}), and no reader ever sees a torn
 * state. The writer churns prefixes from /17 to /128 in three /16 chunks, never more than {@link
 * RangeFib#MAX_PREFIXES} in one, so that every change rebuilds a chunk the readers are reading
 * rather than handing it to the Poptrie; it toggles the default route and 2000::/3, which rebuild
 * the chunks whose background they change; it compacts every few hundred changes. Each value is its
 * own prefix: a reader checks that addresses in the first half of a stable /48 always get that /48
 * (the churned prefixes are shorter ones, which contain it, or lie in its second half), and that
 * any address of a chunk gets a prefix that contains it, never nothing (each chunk's /16 is there),
 * with single and batched lookups. Bounded: the writer stops after {@value #WRITES} changes or 3
 * seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RangeFibConcurrencyTest {
  private static final int WRITES = 200_000;
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final long[] CHUNKS = {
    0x2001_0000_0000_0000L, 0x2A00_0000_0000_0000L, 0xFD00_0000_0000_0000L
  };
  private static final int STABLE_PER_CHUNK = 3;
  private static final int CHURNED_PER_CHUNK = 150;
  private static final IpPrefix DEFAULT = IpPrefix.parse("::/0");
  private static final IpPrefix GLOBAL = IpPrefix.parse("2000::/3");

  @Test
  void readersNeverSeeATornState() throws InterruptedException {
    PoptriePrefixMap<IpPrefix> map = new PoptriePrefixMap<>(256);
    List<IpPrefix> stable = new ArrayList<>();
    SplittableRandom setup = new SplittableRandom(11);
    for (long chunk : CHUNKS) {
      IpPrefix anchor = IpPrefix.ofMasking(Ipv6Address.of(chunk, 0), 16);
      map.put(anchor, anchor);
      for (int i = 0; i < STABLE_PER_CHUNK; i++) {
        IpPrefix p = IpPrefix.ofMasking(Ipv6Address.of(chunk | (setup.nextLong() >>> 16), 0), 48);
        map.put(p, p);
        stable.add(p);
      }
    }
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong lookups = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      long seed = 200 + t;
      Thread reader =
          new Thread(() -> read(map, stable, done, failures, lookups, seed), "reader-" + t);
      readers.add(reader);
      reader.start();
    }
    int[] counts;
    try {
      counts = write(map, stable);
    } finally {
      done.set(true);
      for (Thread r : readers) {
        r.join(TimeUnit.SECONDS.toMillis(20));
      }
    }
    assertThat(failures).as("what readers saw").isEmpty();
    assertThat(counts[0]).as("changes").isPositive();
    assertThat(counts[1])
        .as("changes after which a churned chunk was not answered by its ranges")
        .isZero();
    assertThat(lookups.get()).as("lookups made during the writes").isGreaterThan(1000);
    for (IpPrefix p : stable) {
      assertThat(map.longestMatch(p.first())).isEqualTo(p);
    }
  }

  /** Churns prefixes around the stable ones; returns the changes and the checks that failed. */
  private static int[] write(PoptriePrefixMap<IpPrefix> map, List<IpPrefix> stable) {
    SplittableRandom random = new SplittableRandom(3);
    RangeFib ranges = map.ipv6Ranges();
    List<List<IpPrefix>> added = new ArrayList<>();
    for (int c = 0; c < CHUNKS.length; c++) {
      added.add(new ArrayList<>());
    }
    long start = System.nanoTime();
    int writes = 0;
    int notRanges = 0;
    while (writes < WRITES && System.nanoTime() - start < MAX_NANOS) {
      int c = random.nextInt(CHUNKS.length);
      List<IpPrefix> mine = added.get(c);
      int roll = random.nextInt(100);
      if (roll == 0) {
        toggle(map, random.nextBoolean() ? DEFAULT : GLOBAL);
      } else if (roll == 1) {
        map.compact();
      } else if (mine.size() >= CHURNED_PER_CHUNK || (!mine.isEmpty() && roll < 40)) {
        map.remove(mine.remove(random.nextInt(mine.size())));
      } else {
        IpPrefix near = stable.get(c * STABLE_PER_CHUNK + random.nextInt(STABLE_PER_CHUNK));
        IpPrefix p = churned(near, random);
        if (map.get(p) == null) {
          map.put(p, p);
          mine.add(p);
        }
      }
      if (!ranges.answers((int) (CHUNKS[c] >>> 48))) {
        notRanges++;
      }
      writes++;
    }
    return new int[] {writes, notRanges};
  }

  private static void toggle(PoptriePrefixMap<IpPrefix> map, IpPrefix p) {
    if (map.get(p) == null) {
      map.put(p, p);
    } else {
      map.remove(p);
    }
  }

  /**
   * A prefix near a stable /48: a shorter one inside its chunk that contains it, or a longer one
   * (up to /128) in its second half.
   */
  private static IpPrefix churned(IpPrefix near, SplittableRandom random) {
    Ipv6Address base = (Ipv6Address) near.network();
    if (random.nextInt(3) == 0) {
      return IpPrefix.ofMasking(base, 17 + random.nextInt(48 - 17));
    }
    int length = 49 + random.nextInt(128 - 48);
    long high = base.high() | 0x8000L | (random.nextLong() & 0x7FFF);
    return IpPrefix.ofMasking(Ipv6Address.of(high, random.nextLong()), length);
  }

  private static void read(
      PoptriePrefixMap<IpPrefix> map,
      List<IpPrefix> stable,
      AtomicBoolean done,
      ConcurrentLinkedQueue<String> failures,
      AtomicLong lookups,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] highs = new long[16];
    long[] lows = new long[16];
    IpPrefix[] expected = new IpPrefix[16];
    IpPrefix[] out = new IpPrefix[16];
    long n = 0;
    try {
      while (!done.get() && failures.size() < 10) {
        for (int i = 0; i < highs.length; i++) {
          IpPrefix s = stable.get(random.nextInt(stable.size()));
          long high = ((Ipv6Address) s.network()).high();
          // The first half of the /48: bit 48 clear.
          highs[i] = high | (random.nextLong() & 0x7FFFL);
          lows[i] = random.nextLong();
          expected[i] = s;
          IpPrefix got = map.longestMatch(highs[i], lows[i]);
          if (got != s) {
            failures.add("longest match of " + Ipv6Address.of(highs[i], lows[i]) + " was " + got);
          }
        }
        map.longestMatches(highs, lows, highs.length, out);
        for (int i = 0; i < out.length; i++) {
          if (out[i] != expected[i]) {
            failures.add(
                "batched match of " + Ipv6Address.of(highs[i], lows[i]) + " was " + out[i]);
          }
        }
        // Anywhere in a chunk: some prefix that contains the address, never nothing.
        long chunk = CHUNKS[random.nextInt(CHUNKS.length)];
        Ipv6Address any = Ipv6Address.of(chunk | (random.nextLong() >>> 16), random.nextLong());
        IpPrefix answer = map.longestMatch(any.high(), any.low());
        if (answer == null || !answer.contains(any)) {
          failures.add("longest match of " + any + " was " + answer);
        }
        n += 2 * highs.length + 1;
      }
    } catch (RuntimeException e) {
      failures.add("reader threw " + e);
    }
    lookups.addAndGet(n);
  }
}
