package dev.gingham.internal.ipam.codec;

import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.AffinityState;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.internal.ipam.model.Slot;
import dev.gingham.ipam.AllowedUse;
import dev.gingham.ipam.EncapsulationMode;
import dev.gingham.ipam.InvalidPoolException;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random IPAM records, valid ones, for the codec properties. */
final class RecordArbitraries {
  /** Characters that stress JSON escaping: quotes, backslashes, non-ASCII, surrogate pairs. */
  private static final String[] TRICKY = {
    "a", "Z", "0", " ", "\"", "\\", "/", "é", "ß", "☃", "\uD83D\uDE00", "{", "}", ":", ",", "'"
  };

  private RecordArbitraries() {}

  static Arbitrary<String> hosts() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789-._")
        .ofMinLength(1)
        .ofMaxLength(20)
        .map(s -> "n" + s + "0");
  }

  static Arbitrary<String> handles() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._:@+=~,")
        .ofMinLength(1)
        .ofMaxLength(40);
  }

  static Arbitrary<IpPrefix> blockCidrs() {
    Arbitrary<IpPrefix> v4 =
        Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(24, 32))
            .as((bits, len) -> IpPrefix.ofMasking(Ipv4Address.of(bits), len));
    Arbitrary<IpPrefix> v6 =
        Combinators.combine(
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(120, 128))
            .as((hi, lo, len) -> IpPrefix.ofMasking(Ipv6Address.of(hi, lo), len));
    Arbitrary<IpPrefix> large =
        Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(20, 23))
            .as((bits, len) -> IpPrefix.ofMasking(Ipv4Address.of(bits), len));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, v4),
        net.jqwik.api.Tuple.of(3, v6),
        net.jqwik.api.Tuple.of(1, large));
  }

  private static String tricky(Random random, int min, int max) {
    int n = min + random.nextInt(max - min + 1);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(TRICKY[random.nextInt(TRICKY.length)]);
    }
    return s.toString();
  }

  /** Blocks with any mix of assigned and free ordinals, any FIFO order and release times. */
  static Arbitrary<Block> blocks() {
    return Combinators.combine(
            blockCidrs(),
            hosts().injectNull(0.3),
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Arbitraries.longs().between(0, 5_000_000_000_000L),
            Arbitraries.randoms())
        .as(
            (cidr, host, sequence, emptySince, random) -> {
              int size = Block.sizeOf(cidr);
              double fill = random.nextDouble();
              Slot[] slots = new Slot[size];
              List<Integer> free = new ArrayList<>();
              List<Slot> shared = new ArrayList<>();
              for (int ordinal = 0; ordinal < size; ordinal++) {
                if (random.nextDouble() < fill) {
                  if (shared.isEmpty() || random.nextInt(3) == 0) {
                    Map<String, String> attributes = new TreeMap<>();
                    for (int i = random.nextInt(3); i > 0; i--) {
                      attributes.put(tricky(random, 1, 5), tricky(random, 0, 8));
                    }
                    shared.add(
                        new Slot(
                            "h" + random.nextInt(1000) + (random.nextBoolean() ? ".x:y" : ""),
                            attributes,
                            Math.abs(random.nextLong())));
                  }
                  slots[ordinal] = shared.get(random.nextInt(shared.size()));
                } else {
                  free.add(ordinal);
                }
              }
              Collections.shuffle(free, random);
              long[] releasedAt = new long[random.nextBoolean() ? 0 : size];
              for (int ordinal : free) {
                if (releasedAt.length > 0 && random.nextInt(4) == 0) {
                  releasedAt[ordinal] = 1 + random.nextInt(Integer.MAX_VALUE);
                }
              }
              int[] fifo = free.stream().mapToInt(Integer::intValue).toArray();
              return Block.of(cidr, host, sequence, emptySince, fifo, slots, releasedAt);
            });
  }

  static Arbitrary<HandleRecord> handleRecords() {
    return Combinators.combine(
            handles(),
            blockCidrs().list().ofMaxSize(5),
            Arbitraries.integers().between(1, 4096).list().ofSize(5))
        .as(
            (handle, cidrs, counts) -> {
              Map<IpPrefix, Integer> blocks = new TreeMap<>();
              for (int i = 0; i < cidrs.size(); i++) {
                blocks.put(cidrs.get(i), counts.get(i));
              }
              return new HandleRecord(handle, blocks);
            });
  }

  static Arbitrary<Affinity> affinities() {
    return Combinators.combine(hosts(), blockCidrs(), Arbitraries.of(AffinityState.class))
        .as(Affinity::new);
  }

  static Arbitrary<IpamConfig> configs() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(1, IpamConfig.MAX_BLOCKS_PER_HOST_LIMIT),
            Arbitraries.longs().between(0, IpamConfig.MAX_IP_COOLDOWN.toMillis()))
        .as(
            (strict, auto, max, cooldown) ->
                IpamConfig.builder()
                    .strictAffinity(strict)
                    .autoAllocateBlocks(auto || !strict)
                    .maxBlocksPerHost(max)
                    .ipCooldown(Duration.ofMillis(cooldown))
                    .build());
  }

  static Arbitrary<IpReservation> reservations() {
    Arbitrary<IpPrefix> any =
        Combinators.combine(blockCidrs(), Arbitraries.integers().between(0, 128))
            .as(
                (c, len) ->
                    IpPrefix.ofMasking(c.network(), Math.min(len, c.network().bitLength())));
    return Combinators.combine(
            Arbitraries.strings().withChars("abc-.0123").ofMaxLength(20).map(s -> "r" + s + "1"),
            any.list().ofMinSize(1).ofMaxSize(6))
        .as(IpReservation::of);
  }

  /** Pools with every field drawn at random, invalid combinations dropped. */
  static Arbitrary<IpPool> pools() {
    return Combinators.combine(
            blockCidrs(),
            Arbitraries.integers().between(0, 12),
            Arbitraries.of(EncapsulationMode.class),
            Arbitraries.of(EncapsulationMode.class),
            Arbitraries.of(true, false).list().ofSize(3),
            Arbitraries.of("all()", "zone == 'a'", "rack in {'1', \"2'\"} && zone == 'b'"),
            Arbitraries.subsetOf(AllowedUse.values()),
            Arbitraries.integers().between(0, 3).list().ofSize(2))
        .as(
            (block, widen, ipip, vxlan, flags, selector, uses, edges) -> {
              IpAddress network = block.network();
              int blockSize = block.length();
              IpPrefix cidr = IpPrefix.ofMasking(network, Math.max(0, blockSize - widen));
              try {
                return IpPool.builder("pool-" + Integer.toHexString(cidr.hashCode() & 0xffff), cidr)
                    .blockSize(blockSize)
                    .ipipMode(ipip)
                    .vxlanMode(vxlan)
                    .natOutgoing(flags.get(0))
                    .disabled(flags.get(1))
                    .disableBgpExport(flags.get(2))
                    .nodeSelector(selector)
                    .allowedUses(
                        uses.isEmpty() ? EnumSet.of(AllowedUse.WORKLOAD) : EnumSet.copyOf(uses))
                    .reservedPerBlock(edges.get(0), edges.get(1))
                    .build();
              } catch (InvalidPoolException e) {
                return null;
              }
            })
        .filter(p -> p != null);
  }
}
