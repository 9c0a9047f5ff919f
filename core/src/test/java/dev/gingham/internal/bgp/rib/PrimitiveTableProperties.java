package dev.gingham.internal.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The RIB's id-keyed tables behave as java.util.HashMap under random puts and removes. */
class PrimitiveTableProperties {
  @Property(tries = 300)
  void denseTableMatchesHashMap(
      @ForAll @Size(max = 2000) List<@IntRange(min = 0, max = 3000) Integer> keys,
      @ForAll @Size(max = 2000) List<Boolean> removes) {
    DenseTable<Integer> map = new DenseTable<>();
    Map<Integer, Integer> oracle = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      int k = keys.get(i);
      if (i < removes.size() && removes.get(i)) {
        assertThat(map.remove(k)).isEqualTo(oracle.remove(k));
      } else {
        assertThat(map.put(k, i)).isEqualTo(oracle.put(k, i));
      }
    }
    assertThat(map.size()).isEqualTo(oracle.size());
    assertThat(java.util.Arrays.stream(map.ids()).boxed().toList())
        .containsExactlyElementsOf(new java.util.TreeSet<>(oracle.keySet()));
    for (int k = 0; k <= 3000; k++) {
      assertThat(map.get(k)).isEqualTo(oracle.get(k));
    }
  }

  @Property(tries = 300)
  void longIntMapMatchesHashMap(
      @ForAll @Size(max = 2000) List<@IntRange(min = 0, max = 3000) Integer> keys,
      @ForAll @Size(max = 2000) List<Boolean> removes) {
    LongIntMap map = new LongIntMap();
    Map<Long, Integer> oracle = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      long k = keys.get(i) * 0x1_0000_0001L;
      if (i < removes.size() && removes.get(i)) {
        map.remove(k);
        oracle.remove(k);
      } else {
        map.put(k, i);
        oracle.put(k, i);
      }
    }
    assertThat(map.size()).isEqualTo(oracle.size());
    for (int k = 0; k <= 3000; k++) {
      long key = k * 0x1_0000_0001L;
      assertThat(map.get(key)).isEqualTo(oracle.getOrDefault(key, LongIntMap.MISSING));
    }
  }
}
