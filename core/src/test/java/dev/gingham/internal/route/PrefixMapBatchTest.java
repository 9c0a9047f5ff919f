package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import dev.gingham.route.PrefixMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batches longer than the window that {@code putAll} and {@code removeAll} read ahead, in both
 * families at once, against the same changes made one {@code put} or {@code remove} at a time; and
 * bad batches, which change nothing.
 */
class PrefixMapBatchTest {

  @Test
  void batchesEndAsTheSameChangesOneAtATime() {
    SplittableRandom random = new SplittableRandom(7);
    List<IpPrefix> first = prefixes(random, 1_000);
    List<IpPrefix> second = prefixes(random, 1_000);
    PoptriePrefixMap<String> batched = new PoptriePrefixMap<>(64);
    PoptriePrefixMap<String> single = new PoptriePrefixMap<>(64);

    batched.putAll(first, "a");
    first.forEach(p -> single.put(p, "a"));
    batched.putAll(second, "b");
    second.forEach(p -> single.put(p, "b"));
    assertSame(batched, single, first, second);

    List<IpPrefix> gone = new ArrayList<>(first.subList(0, 700));
    gone.addAll(second.subList(300, 900));
    gone.add(IpPrefix.parse("192.0.2.0/24")); // absent: skipped
    batched.removeAll(gone);
    gone.forEach(single::remove);
    assertThat(batched.get(first.get(0))).isNull();
    assertSame(batched, single, first, second);
  }

  @Test
  void aNullPrefixValueOrBatchIsRejectedAndChangesNothing() {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>();
    map.put(IpPrefix.parse("10.0.0.0/8"), "x");
    List<IpPrefix> batch =
        Arrays.asList(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("2001:db8::/32"), null);

    assertThatThrownBy(() -> map.putAll(batch, "y"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("prefix 2 of the batch is null");
    assertThatThrownBy(() -> map.removeAll(Arrays.asList(IpPrefix.parse("10.0.0.0/8"), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("prefix 1 of the batch is null");
    assertThatThrownBy(() -> map.putAll(List.of(IpPrefix.parse("10.1.0.0/16")), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> map.removeAll(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("prefixes");

    assertThat(map.size()).isEqualTo(1);
    assertThat(map.longestMatch(Ipv4Address.parse("10.1.2.3"))).isEqualTo("x");
    assertThat(map.get(IpPrefix.parse("2001:db8::/32"))).isNull();
  }

  private static void assertSame(
      PoptriePrefixMap<String> batched,
      PoptriePrefixMap<String> single,
      List<IpPrefix> first,
      List<IpPrefix> second) {
    assertThat(batched.size()).isEqualTo(single.size());
    List<PrefixMap.Entry<String>> a = new ArrayList<>();
    batched.forEach(a::add);
    List<PrefixMap.Entry<String>> b = new ArrayList<>();
    single.forEach(b::add);
    assertThat(a).isEqualTo(b);
    for (List<IpPrefix> list : List.of(first, second)) {
      for (IpPrefix p : list) {
        for (IpAddress x : List.of(p.first(), p.last())) {
          assertThat(batched.longestMatch(x))
              .as("match of %s", x)
              .isEqualTo(single.longestMatch(x));
        }
      }
    }
  }

  /** Prefixes of both families, clustered under a few /12s and /28s so that they nest. */
  private static List<IpPrefix> prefixes(SplittableRandom random, int count) {
    List<IpPrefix> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (random.nextBoolean()) {
        int address = (10 + random.nextInt(4)) << 24 | random.nextInt(1 << 24);
        out.add(IpPrefix.ofMasking(Ipv4Address.of(address), 12 + random.nextInt(21)));
      } else {
        long high =
            0x2001_0db0_0000_0000L | ((long) random.nextInt(4) << 36) | random.nextLong() >>> 28;
        out.add(
            IpPrefix.ofMasking(Ipv6Address.of(high, random.nextLong()), 28 + random.nextInt(101)));
      }
    }
    return out;
  }
}
