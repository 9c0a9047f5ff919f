package dev.gingham.internal.ipam.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Every IPAM codec: what it writes it reads back equal, and whatever bytes it is given it either
 * reads a valid record or fails with {@link MalformedRecordException}, never another exception.
 */
class CodecProperties {
  private static final List<Function<InputStream, ?>> DECODERS =
      List.of(
          BlockCodec::decode,
          HandleCodec::decode,
          AffinityCodec::decode,
          PoolCodec::decode,
          ConfigCodec::decode,
          ReservationCodec::decode,
          EpochCodec::decode);

  private static InputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  @Property(tries = 300)
  void blocksRoundTrip(@ForAll("blocks") Block block) {
    byte[] json = BlockCodec.encode(block);
    assertThat(BlockCodec.decode(in(json))).isEqualTo(block);
  }

  @Property(tries = 200)
  void handlesRoundTrip(@ForAll("handles") HandleRecord record) {
    assertThat(HandleCodec.decode(in(HandleCodec.encode(record)))).isEqualTo(record);
  }

  @Property(tries = 200)
  void affinitiesRoundTrip(@ForAll("affinities") Affinity affinity) {
    assertThat(AffinityCodec.decode(in(AffinityCodec.encode(affinity)))).isEqualTo(affinity);
  }

  @Property(tries = 200)
  void poolsRoundTrip(@ForAll("pools") IpPool pool) {
    assertThat(PoolCodec.decode(in(PoolCodec.encode(pool)))).isEqualTo(pool);
  }

  @Property(tries = 200)
  void configsRoundTrip(@ForAll("configs") IpamConfig config) {
    assertThat(ConfigCodec.decode(in(ConfigCodec.encode(config)))).isEqualTo(config);
  }

  @Property(tries = 200)
  void reservationsRoundTrip(@ForAll("reservations") IpReservation reservation) {
    assertThat(ReservationCodec.decode(in(ReservationCodec.encode(reservation))))
        .isEqualTo(reservation);
  }

  @Property(tries = 100)
  void epochsRoundTrip(@ForAll long epoch) {
    long e = Math.abs(epoch == Long.MIN_VALUE ? 0 : epoch);
    assertThat(EpochCodec.decode(in(EpochCodec.encode(e)))).isEqualTo(e);
  }

  @Property(tries = 500)
  void garbageIsRefusedCleanly(@ForAll @Size(max = 200) byte[] garbage) {
    for (Function<InputStream, ?> decoder : DECODERS) {
      decodeOrRefuse(decoder, garbage);
    }
  }

  @Property(tries = 500)
  void mutatedBlocksAreReadOrRefusedCleanly(
      @ForAll("blocks") Block block,
      @ForAll @IntRange(min = 0, max = 10_000) int at,
      @ForAll("jsonish") char c,
      @ForAll @IntRange(min = 0, max = 2) int how) {
    decodeOrRefuse(BlockCodec::decode, mutate(BlockCodec.encode(block), at, c, how));
  }

  @Property(tries = 300)
  void mutatedRecordsAreReadOrRefusedCleanly(
      @ForAll("pools") IpPool pool,
      @ForAll("handles") HandleRecord handle,
      @ForAll("affinities") Affinity affinity,
      @ForAll("configs") IpamConfig config,
      @ForAll("reservations") IpReservation reservation,
      @ForAll @IntRange(min = 0, max = 10_000) int at,
      @ForAll("jsonish") char c,
      @ForAll @IntRange(min = 0, max = 2) int how) {
    decodeOrRefuse(PoolCodec::decode, mutate(PoolCodec.encode(pool), at, c, how));
    decodeOrRefuse(HandleCodec::decode, mutate(HandleCodec.encode(handle), at, c, how));
    decodeOrRefuse(AffinityCodec::decode, mutate(AffinityCodec.encode(affinity), at, c, how));
    decodeOrRefuse(ConfigCodec::decode, mutate(ConfigCodec.encode(config), at, c, how));
    decodeOrRefuse(
        ReservationCodec::decode, mutate(ReservationCodec.encode(reservation), at, c, how));
  }

  @Property(tries = 200)
  void truncatedBlocksAreRefused(
      @ForAll("blocks") Block block, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
    byte[] json = BlockCodec.encode(block);
    byte[] head = java.util.Arrays.copyOf(json, cut % json.length);
    assertThatThrownBy(() -> BlockCodec.decode(in(head)))
        .isInstanceOf(MalformedRecordException.class);
  }

  @Example
  void unknownFieldsAreIgnoredAndMissingOnesNamed() {
    String block =
        "{\"cidr\":\"10.0.0.0/30\",\"affinity\":null,\"sequence\":7,\"emptySince\":3,"
            + "\"later\":{\"x\":[1,2]},\"free\":[3,1,0,2],\"allocations\":{}}";
    Block b = BlockCodec.decode(in(block.getBytes(UTF_8)));
    assertThat(b.freeAt(0)).isEqualTo(3);
    assertThat(b.emptySince()).isEqualTo(3);
    assertThatThrownBy(
            () ->
                BlockCodec.decode(
                    in(
                        "{\"cidr\":\"10.0.0.0/30\",\"sequence\":1,\"allocations\":{}}"
                            .getBytes(UTF_8))))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessage("block lacks \"free\"");
    assertThatThrownBy(
            () ->
                BlockCodec.decode(
                    in(
                        ("{\"cidr\":\"10.0.0.0/30\",\"sequence\":1,\"free\":[0,1,2],"
                                + "\"allocations\":{}}")
                            .getBytes(UTF_8))))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessage(
            "block is inconsistent: block 10.0.0.0/30: ordinal 3 is neither free nor assigned");
    assertThatThrownBy(
            () ->
                BlockCodec.decode(
                    in(
                        ("{\"cidr\":\"10.0.0.0/30\",\"sequence\":1,\"free\":[0,1,2,3],"
                                + "\"allocations\":{\"1\":{\"handle\":\"h\",\"sequence\":1}}}")
                            .getBytes(UTF_8))))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessage(
            "block is inconsistent: block 10.0.0.0/30: ordinal 1 is both free and assigned");
    assertThat(ConfigCodec.decode(in("{}".getBytes(UTF_8)))).isEqualTo(IpamConfig.DEFAULT);
    assertThatThrownBy(
            () ->
                ConfigCodec.decode(
                    in("{\"strictAffinity\":false,\"autoAllocateBlocks\":false}".getBytes(UTF_8))))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("strictAffinity and autoAllocateBlocks cannot both be off");
  }

  @Provide
  Arbitrary<Character> jsonish() {
    return Arbitraries.of(
        '{', '}', '[', ']', '"', ':', ',', '\\', '0', '9', '-', 'a', ' ', 'n', '/', '\u0000', 'é');
  }

  /** Deletes (0), replaces (1) or inserts (2) one character of an encoding. */
  private static byte[] mutate(byte[] json, int at, char c, int how) {
    String s = new String(json, UTF_8);
    int i = at % (s.length() + 1);
    String out;
    if (how == 0 && i < s.length()) {
      out = s.substring(0, i) + s.substring(i + 1);
    } else if (how == 1 && i < s.length()) {
      out = s.substring(0, i) + c + s.substring(i + 1);
    } else {
      out = s.substring(0, i) + c + s.substring(i);
    }
    return out.getBytes(UTF_8);
  }

  private static void decodeOrRefuse(Function<InputStream, ?> decoder, byte[] bytes) {
    try {
      Object record = decoder.apply(in(bytes));
      assertThat(record).isNotNull();
    } catch (MalformedRecordException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Block> blocks() {
    return RecordArbitraries.blocks();
  }

  @Provide
  Arbitrary<HandleRecord> handles() {
    return RecordArbitraries.handleRecords();
  }

  @Provide
  Arbitrary<Affinity> affinities() {
    return RecordArbitraries.affinities();
  }

  @Provide
  Arbitrary<IpPool> pools() {
    return RecordArbitraries.pools();
  }

  @Provide
  Arbitrary<IpamConfig> configs() {
    return RecordArbitraries.configs();
  }

  @Provide
  Arbitrary<IpReservation> reservations() {
    return RecordArbitraries.reservations();
  }
}
