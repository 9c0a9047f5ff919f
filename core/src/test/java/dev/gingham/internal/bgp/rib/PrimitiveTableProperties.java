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

  /** Ids of IPv4 prefixes: found while referenced, freed and reused at zero, never mixed up. */
  @Property(tries = 300)
  void prefixIndexMatchesHashMap(
      @ForAll @Size(max = 2000) List<@IntRange(min = 0, max = 3000) Integer> prefixes,
      @ForAll @Size(max = 2000) List<Boolean> releases) {
    PrefixIndex index = new PrefixIndex();
    Map<Long, Integer> oracle = new HashMap<>();
    for (int i = 0; i < prefixes.size(); i++) {
      int address = prefixes.get(i) * 0x0001_0100;
      int length = 8 + prefixes.get(i) % 17;
      long key = PrefixIndex.ipv4Key(address & (-1 << (32 - length)), length);
      int addr = (int) (key >>> 8);
      if (i < releases.size() && releases.get(i) && oracle.containsKey(key)) {
        index.release(oracle.remove(key));
        assertThat(index.findIpv4(addr, length)).isEqualTo(-1);
      } else if (!oracle.containsKey(key)) {
        int id = index.ipv4(addr, length);
        index.retain(id);
        assertThat(oracle.containsValue(id)).as("id %d is live already", id).isFalse();
        oracle.put(key, id);
      } else {
        assertThat(index.ipv4(addr, length)).isEqualTo(oracle.get(key));
      }
    }
    assertThat(index.size()).isEqualTo(oracle.size());
    for (Map.Entry<Long, Integer> e : oracle.entrySet()) {
      int addr = (int) (e.getKey() >>> 8);
      int length = (int) (e.getKey() & 0xFF);
      assertThat(index.findIpv4(addr, length)).isEqualTo(e.getValue());
      assertThat(index.ipv4KeyOf(e.getValue())).isEqualTo(e.getKey());
    }
  }
}
