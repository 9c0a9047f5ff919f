package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv6Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IPv6 nodes keep few leaves in their own fifth word while leaves are 16-bit; once more than 65,535
 * values are live the leaves widen to 32 bits and no node keeps them inline. Lookups, single and
 * batched, must find every prefix's value in both states, and after the values shrink again.
 */
class PoptrieLeafWidthTest {
  /** Lone /48s, one per /16: each a node that skips to bit 46 and keeps its leaves inline. */
  private static final int LONE = 1_000;

  /** /48s packed 1,000 to a /32: enough distinct values to need 32-bit leaves. */
  private static final int PACKED = 70_000;

  @Test
  void lookupsHoldWithInlineLeavesAndAfterTheLeavesWiden() {
    PoptriePrefixMap<IpPrefix> map = new PoptriePrefixMap<>(1 << 10);
    List<IpPrefix> lone = new ArrayList<>();
    for (int i = 0; i < LONE; i++) {
      lone.add(prefix48(((0x3000L + i) << 48) | 0x1234_5678_0000L));
    }
    List<IpPrefix> packed = new ArrayList<>();
    List<IpPrefix> allocations = new ArrayList<>();
    for (int i = 0; i < PACKED; i++) {
      packed.add(
          prefix48(0x2001_0000_0000_0000L | ((long) (i / 1000) << 32) | ((i % 1000L) << 16)));
      if (i % 1000 == 0) {
        allocations.add(
            IpPrefix.ofMasking(
                Ipv6Address.of(0x2001_0000_0000_0000L | ((long) (i / 1000) << 32), 0), 32));
      }
    }
    lone.forEach(p -> map.put(p, p));
    allocations.forEach(p -> map.put(p, p));
    assertFound(map, lone, allocations);
    assertThat(map.fibSize(IpFamily.IPV6).narrowLeaves()).isTrue();

    packed.forEach(p -> map.put(p, p));
    assertThat(map.fibSize(IpFamily.IPV6).narrowLeaves()).isFalse();
    assertFound(map, lone, allocations);
    assertFound(map, packed, allocations);

    packed.subList(1_000, PACKED).forEach(map::remove);
    map.compact();
    assertFound(map, lone, allocations);
    assertFound(map, packed.subList(0, 1_000), allocations);
    // A removed /48 falls back to its /32.
    IpPrefix gone = packed.get(PACKED - 1);
    assertThat(map.longestMatch(gone.network())).isEqualTo(allocations.get(PACKED / 1000 - 1));
  }

  private static IpPrefix prefix48(long high) {
    return IpPrefix.ofMasking(Ipv6Address.of(high, 0), 48);
  }

  /** Each prefix is the answer inside it, and each allocation's first address outside its /48s. */
  private static void assertFound(
      PoptriePrefixMap<IpPrefix> map, List<IpPrefix> prefixes, List<IpPrefix> allocations) {
    int n = prefixes.size();
    long[] highs = new long[n];
    long[] lows = new long[n];
    IpPrefix[] out = new IpPrefix[n];
    for (int i = 0; i < n; i++) {
      Ipv6Address a = (Ipv6Address) prefixes.get(i).network();
      highs[i] = a.high() | 0xFFFF; // the last /64 of the /48
      lows[i] = 1;
    }
    map.longestMatches(highs, lows, n, out);
    for (int i = 0; i < n; i++) {
      IpPrefix p = prefixes.get(i);
      assertThat(out[i]).as("batched lookup in %s", p).isEqualTo(p);
      assertThat(map.longestMatch(highs[i], lows[i])).as("lookup in %s", p).isEqualTo(p);
    }
    for (IpPrefix a : allocations) {
      // ffff:: within the /32 is no /48 of the test's.
      Ipv6Address n0 = (Ipv6Address) a.network();
      IpAddress outside = Ipv6Address.of(n0.high() | 0xFFFF_0000L, 0);
      assertThat(map.longestMatch(outside)).as("lookup in %s", a).isEqualTo(a);
    }
  }
}
