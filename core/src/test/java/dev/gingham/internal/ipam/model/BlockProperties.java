package dev.gingham.internal.ipam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A block against a list-and-map model of it, over random sequences of picks, assignments and
 * releases: the FIFO order, the ordinal table, the sequence numbers and the cooldowns.
 */
class BlockProperties {
  private static final IpPrefix CIDR = IpPrefix.parse("10.0.0.0/27");
  private static final long COOLDOWN = 1_000;

  /** One step: pick-and-assign up to {@code n} ordinals, or release the given ones. */
  record Step(boolean assign, int n, List<Integer> release, long advance) {}

  @Property(tries = 300)
  void aBlockBehavesAsItsModel(@ForAll("steps") List<Step> steps, @ForAll boolean cooldown) {
    long cool = cooldown ? COOLDOWN : 0;
    long now = 1_000_000;
    Block block = Block.create(CIDR, "host", 100, now);
    List<Integer> fifo = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      fifo.add(i);
    }
    Map<Integer, String> assigned = new HashMap<>();
    Map<Integer, Long> releasedAt = new HashMap<>();
    long[] reserved = new long[1];
    reserved[0] = 0b1001L; // ordinals 0 and 3 are never picked
    long sequence = 100;
    int handle = 0;
    for (Step step : steps) {
      now += step.advance();
      if (step.assign()) {
        // The model's pick: from the head, skipping reserved and cooling ordinals.
        List<Integer> expected = new ArrayList<>();
        for (int ordinal : fifo) {
          boolean cooling =
              cool > 0 && releasedAt.containsKey(ordinal) && now - releasedAt.get(ordinal) < cool;
          if (expected.size() < step.n() && ordinal != 0 && ordinal != 3 && !cooling) {
            expected.add(ordinal);
          }
        }
        int[] out = new int[32];
        long[] exclude = reserved.clone();
        int picked = block.pick(out, 0, step.n(), exclude, now, cool);
        assertThat(java.util.Arrays.stream(out, 0, picked).boxed().toList()).isEqualTo(expected);
        String h = "h" + handle++;
        block = block.assign(out, picked, h, Map.of("k", h), now, cool);
        sequence++;
        for (int ordinal : expected) {
          fifo.remove(Integer.valueOf(ordinal));
          assigned.put(ordinal, h);
          releasedAt.remove(ordinal);
        }
      } else {
        int[] ordinals = step.release().stream().mapToInt(Integer::intValue).toArray();
        block = block.release(ordinals, ordinals.length, now, cool);
        sequence++;
        for (int ordinal : ordinals) {
          if (assigned.remove(ordinal) != null) {
            fifo.add(ordinal);
            if (cool > 0) {
              releasedAt.put(ordinal, now);
            }
          }
        }
      }
      assertThat(block.sequence()).isEqualTo(sequence);
      assertThat(block.inUse()).isEqualTo(assigned.size());
      assertThat(block.isEmpty()).isEqualTo(assigned.isEmpty());
      List<Integer> actualFifo = new ArrayList<>();
      for (int i = 0; i < block.freeCount(); i++) {
        actualFifo.add(block.freeAt(i));
      }
      assertThat(actualFifo).as("the free FIFO").isEqualTo(fifo);
      for (int ordinal = 0; ordinal < 32; ordinal++) {
        Slot slot = block.slot(ordinal);
        assertThat(slot == null ? null : slot.handle())
            .as("ordinal %d", ordinal)
            .isEqualTo(assigned.get(ordinal));
        if (slot != null) {
          assertThat(slot.sequence()).isLessThanOrEqualTo(block.sequence());
        }
      }
      if (assigned.isEmpty() && !step.assign()) {
        assertThat(block.emptySince()).isEqualTo(now);
      }
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> assign =
        Combinators.combine(
                Arbitraries.integers().between(1, 8), Arbitraries.longs().between(0, 700))
            .as((n, advance) -> new Step(true, n, List.of(), advance));
    Arbitrary<Step> release =
        Combinators.combine(
                Arbitraries.integers().between(0, 31).list().ofMaxSize(6),
                Arbitraries.longs().between(0, 700))
            .as((ordinals, advance) -> new Step(false, 0, ordinals, advance));
    return Arbitraries.oneOf(assign, release).list().ofMaxSize(40);
  }

  @Example
  void assigningATakenOrdinalIsABug() {
    Block b = Block.create(CIDR, null, 1, 0).assign(new int[] {5}, 1, "h", Map.of(), 0, 0);
    assertThatThrownBy(() -> b.assign(new int[] {5}, 1, "g", Map.of(), 0, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ordinal 5 of block 10.0.0.0/27 is assigned already");
  }

  @Example
  void blocksLargerThanASlash20AreRefused() {
    assertThatThrownBy(() -> Block.create(IpPrefix.parse("10.0.0.0/19"), null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "block 10.0.0.0/19 holds more than 4096 addresses; the largest is a /20 or /116");
  }
}
