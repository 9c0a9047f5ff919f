package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.route.PrefixMap;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@code longestMatchIds}: numbers that map back to the values a single lookup gives, with 16-bit
 * and 32-bit leaves and through walks below the first node; numberings that outlive the map's own
 * renumbering; and bad counts, which write nothing.
 */
class PrefixMapValueIdsTest {
  private static final int TEN = 0x0A00_0000;

  @Test
  void numbersMapToTheLongestMatchWithWideLeavesAndDeepWalks() {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>();
    // 70,000 host routes, each its own value: more than 16-bit leaves number, and each one three
    // nodes down; under 300 /24s and a /8 with values of their own.
    map.put(IpPrefix.parse("10.0.0.0/8"), "ten");
    for (int i = 0; i < 300; i++) {
      map.put(IpPrefix.ofMasking(Ipv4Address.of(TEN + (i << 8)), 24), "net" + i);
    }
    for (int i = 0; i < 70_000; i++) {
      map.put(IpPrefix.ofMasking(Ipv4Address.of(TEN + 3 * i), 32), "host" + i);
    }
    assertThat(map.fibSize(IpFamily.IPV4).narrowLeaves()).isFalse();
    // From 9.255.255.254 (no route) through the hosts and nets into the /8; then keys in
    // 10.128.0.0/18, a direct entry that is a leaf carrying the /8's 32-bit id. The count is no
    // multiple of eight, so the tail runs too.
    int deep = 3 * 70_000 + 5;
    int n = deep + 1_003;
    int[] keys = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = i < deep ? TEN + i - 2 : 0x0A80_0000 + 7 * (i - deep);
    }
    int[] ids = new int[n];
    PrefixMap.ValueIds<String> numbering = map.longestMatchIds(keys, n, ids);
    for (int i = 0; i < n; i++) {
      assertThat(numbering.value(ids[i]))
          .as("%s", Ipv4Address.of(keys[i]))
          .isEqualTo(expected(keys[i]));
    }
    assertThat(ids[0]).isZero();
  }

  /** The longest match in the table of the test above, from how it is built. */
  private static @Nullable String expected(int key) {
    long offset = (key & 0xFFFF_FFFFL) - TEN;
    if (offset < 0) {
      return null;
    }
    if (offset < 3 * 70_000 && offset % 3 == 0) {
      return "host" + offset / 3;
    }
    return offset < 300 << 8 ? "net" + (offset >> 8) : "ten";
  }

  @Test
  void aNumberingKeepsItsMeaningAfterTheMapRenumbers() {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>(64);
    int n = 1_000;
    int[] keys = new int[n];
    String[] before = new String[n];
    for (int i = 0; i < n; i++) {
      before[i] = "before" + i;
      map.put(IpPrefix.ofMasking(Ipv4Address.of(0xC000_0000 + (i << 8)), 24), before[i]);
      keys[i] = 0xC000_0000 + (i << 8) + 1;
    }
    int[] oldIds = new int[n];
    PrefixMap.ValueIds<String> old = map.longestMatchIds(keys, n, oldIds);

    // Every value replaced twice: the dead ids come to outnumber the live ones, and the map
    // renumbers.
    for (String round : new String[] {"between", "after"}) {
      for (int i = 0; i < n; i++) {
        map.put(IpPrefix.ofMasking(Ipv4Address.of(0xC000_0000 + (i << 8)), 24), round + i);
      }
    }
    int[] newIds = new int[n];
    PrefixMap.ValueIds<String> fresh = map.longestMatchIds(keys, n, newIds);

    for (int i = 0; i < n; i++) {
      assertThat(old.value(oldIds[i])).isSameAs(before[i]);
      assertThat(fresh.value(newIds[i])).isEqualTo("after" + i);
    }
    // The numbers were reused for other values: the old numbering is what still reads them right.
    assertThat(Arrays.stream(oldIds).filter(id -> !fresh.value(id).equals(old.value(id))))
        .isNotEmpty();
  }

  @Test
  void badCountsAreRejectedAndWriteNothing() {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>();
    map.put(IpPrefix.parse("10.0.0.0/8"), "ten");
    map.put(IpPrefix.parse("fd00::/8"), "fd");
    int[] keys = {0x0A00_0001, 0x0A00_0002};
    int[] ids = {-1, -1};
    int[] room = {-1, -1, -1};
    assertThatThrownBy(() -> map.longestMatchIds(keys, 3, room))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(room).containsExactly(-1, -1, -1);
    assertThatThrownBy(() -> map.longestMatchIds(new int[3], 3, ids))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> map.longestMatchIds(keys, -1, ids))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> map.longestMatchIds(new long[2], new long[1], 2, ids))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(ids).containsExactly(-1, -1);
    assertThat(map.longestMatchIds(keys, 0, ids).value(0)).isNull();
    assertThat(ids).containsExactly(-1, -1);
  }

  /** IPv6: through the ranges, and through the Poptrie for a /64 that holds a longer prefix. */
  @Test
  void ipv6NumbersMapToTheLongestMatch() {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>();
    map.put(IpPrefix.parse("fd00::/8"), "fd");
    map.put(IpPrefix.parse("fd00:1::/32"), "one");
    map.put(IpPrefix.parse("fd00:1:0:1::80/121"), "deep"); // its /64 falls back to the Poptrie
    long fd = 0xFD00_0000_0000_0000L;
    long[] highs = {fd | 0x0001_0000_0000L, 0x2001_0000_0000_0000L, fd, fd | 0x0001_0000_0001L};
    long[] lows = {0, 0, 0, 0x81};
    int[] ids = new int[5];
    ids[4] = -7;
    PrefixMap.ValueIds<String> numbering = map.longestMatchIds(highs, lows, 4, ids);
    assertThat(numbering.value(ids[0])).isEqualTo("one");
    assertThat(ids[1]).isZero();
    assertThat(numbering.value(ids[2])).isEqualTo("fd");
    assertThat(numbering.value(ids[3])).isEqualTo("deep");
    assertThat(ids[4]).isEqualTo(-7);
    int[] again = new int[1];
    map.longestMatchIds(highs, lows, 1, again);
    assertThat(again[0]).as("one value, one number").isEqualTo(ids[0]);
  }

  /**
   * Between the IPv6 Poptrie's renumbering and the ranges' rebuild (the writer makes both in one
   * change; here the ranges are left behind on purpose), the ranges' ids are of the numbering
   * before: a numbered batch must then ask the Poptrie alone. The batch of values reads each
   * structure's own values and stays right.
   */
  @Test
  void whileOnlyThePoptrieHasRenumberedTheNumberedIpv6BatchAsksItAlone() {
    FamilyTable<String> table = new FamilyTable<>(IpFamily.IPV6, 64);
    long fd = 0xFD00_0000_0000_0000L;
    table.put(fd | 0x0001_0000_0000L, 0, 32, "a");
    table.put(fd | 0x0002_0000_0000L, 0, 32, "b");
    table.put(fd | 0x0003_0000_0000L, 0, 32, "c");
    table.remove(fd | 0x0001_0000_0000L, 0, 32); // "a"'s id dies
    table.fib().rebuild(); // "b" and "c" renumbered; the ranges not rebuilt
    long[] highs = {fd | 0x0002_0000_0001L, fd | 0x0003_0000_0001L, fd | 0x0001_0000_0001L, fd};
    long[] lows = new long[4];
    int[] ids = new int[4];
    PrefixMap.ValueIds<Object> numbering = table.ranges().lookupIds(highs, lows, 4, ids);
    assertThat(numbering.value(ids[0])).isEqualTo("b");
    assertThat(numbering.value(ids[1])).isEqualTo("c");
    assertThat(ids[2]).isZero();
    assertThat(ids[3]).isZero();
    Object[] values = new Object[4];
    table.ranges().lookups(highs, lows, 4, values);
    assertThat(values).containsExactly("b", "c", null, null);
  }
}
