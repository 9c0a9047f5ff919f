package dev.gingham.internal.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttributeCacheTest {
  static byte[] key(int i) {
    return ("attribute-section-" + i).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void startsSmallGrowsAsSectionsArriveAndKeepsThemAcrossGrowthUpToItsLimit() {
    AttributeCache cache = new AttributeCache(1 << 13);
    assertThat(cache.capacity()).isEqualTo(AttributeCache.INITIAL_SLOTS);
    DecodedAttributes[] values = new DecodedAttributes[20_000];
    for (int i = 0; i < values.length; i++) {
      byte[] k = key(i);
      values[i] = DecodedAttributes.withdraw("value " + i);
      cache.put(k, k.length, AttributeCache.hash(k, k.length), values[i]);
      if (i == 20) {
        // 21 sections: still within the first 64 slots, all of them found.
        for (int j = 0; j <= i; j++) {
          byte[] kj = key(j);
          DecodedAttributes got = cache.get(kj, kj.length, AttributeCache.hash(kj, kj.length));
          assertThat(got == null || got == values[j]).isTrue();
        }
      }
    }
    assertThat(cache.capacity()).isEqualTo(1 << 13);
    assertThat(cache.size()).isLessThanOrEqualTo(1 << 13).isGreaterThan(1 << 12);
    // The last one put is always there, with its own value (direct-mapped: it won its slot).
    byte[] last = key(values.length - 1);
    assertThat(cache.get(last, last.length, AttributeCache.hash(last, last.length)))
        .isSameAs(values[values.length - 1]);
    // Whatever a lookup finds is the value put under exactly that key.
    int found = 0;
    for (int i = 0; i < values.length; i++) {
      byte[] k = key(i);
      DecodedAttributes got = cache.get(k, k.length, AttributeCache.hash(k, k.length));
      if (got != null) {
        assertThat(got).isSameAs(values[i]);
        found++;
      }
    }
    assertThat(found).isEqualTo(cache.size());
  }

  @Test
  void aSmallCacheNeverGrowsPastItsSizeAndBadSizesAreRefused() {
    AttributeCache cache = new AttributeCache(16);
    assertThat(cache.capacity()).isEqualTo(16);
    for (int i = 0; i < 100; i++) {
      byte[] k = key(i);
      cache.put(k, k.length, AttributeCache.hash(k, k.length), DecodedAttributes.withdraw("x"));
    }
    assertThat(cache.capacity()).isEqualTo(16);
    assertThatThrownBy(() -> new AttributeCache(0)).hasMessageContaining("was 0");
    assertThatThrownBy(() -> new AttributeCache((1 << 20) + 1)).hasMessageContaining("1048577");
  }
}
