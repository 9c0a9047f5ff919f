package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import org.junit.jupiter.api.Test;

/**
 * IPv6 nodes skip the bits where a region holds a single thread of prefixes: a lone prefix takes
 * one node (two when it lies past bit 64, where a skip from the high word must stop), not one per
 * six bits, and keys that leave the thread in skipped bits still find the shorter match.
 */
class PoptrieSkipTest {
  private static final long WORD = 8;

  /**
   * The IPv6 ranges in front of the Poptrie: one line for a chunk of up to eight ranges (here the
   * background, the prefix, the background again).
   */
  private static final long RANGE_LINE = 8 * WORD;

  @Test
  void aLonePrefixUpToBit64TakesOneNodeAndItsLeaves() {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>();
    long empty = map.fibSize(IpFamily.IPV6).bytes();
    map.put(IpPrefix.parse("2001:db8:1234::/48"), "a");
    // Five words of node, the last its leaves: the fallback and at most three runs.
    assertThat(map.fibSize(IpFamily.IPV6).bytes() - empty).isEqualTo(5 * WORD + RANGE_LINE);
    assertThat(map.longestMatch(IpAddress.parse("2001:db8:1234:ffff::1"))).isEqualTo("a");
    assertThat(map.longestMatch(IpAddress.parse("2001:db8:1235::"))).isNull();
    assertThat(map.longestMatch(IpAddress.parse("2001:db9:1234::"))).isNull();
  }

  @Test
  void aLoneHostRouteTakesTwoNodesNotSeventeen() {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>();
    long empty = map.fibSize(IpFamily.IPV6).bytes();
    map.put(IpPrefix.parse("2001:db8::1/128"), "host");
    // The node at 58 (skipped to from 16), its block of one child: the node at 124 (skipped to
    // from 64); five words each, leaves included. The ranges send its /64 to the Poptrie.
    assertThat(map.fibSize(IpFamily.IPV6).bytes() - empty).isEqualTo(10 * WORD + RANGE_LINE);
    assertThat(map.longestMatch(IpAddress.parse("2001:db8::1"))).isEqualTo("host");
    assertThat(map.longestMatch(IpAddress.parse("2001:db8::3"))).isNull();
    assertThat(map.longestMatch(IpAddress.parse("2001:db8:0:1::1"))).isNull();
  }

  @Test
  void aKeyThatLeavesTheThreadInSkippedBitsGetsTheShorterMatch() {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>();
    map.put(IpPrefix.parse("2001:db8::/32"), "allocation");
    map.put(IpPrefix.parse("2001:db8:1234:5600::/56"), "site");
    assertThat(map.longestMatch(IpAddress.parse("2001:db8:1234:56ff::1"))).isEqualTo("site");
    // Differs from the /56 at bit 47, inside the bits its node skips.
    assertThat(map.longestMatch(IpAddress.parse("2001:db8:1235:5600::1"))).isEqualTo("allocation");
    assertThat(map.longestMatch(IpAddress.parse("2001:db8:1234:5700::1"))).isEqualTo("allocation");
  }
}
