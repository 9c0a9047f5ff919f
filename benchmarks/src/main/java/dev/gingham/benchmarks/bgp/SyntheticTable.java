package dev.gingham.benchmarks.bgp;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.Origin;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.internal.bgp.wire.PrefixBatch;
import dev.gingham.internal.bgp.wire.SessionCodec;
import dev.gingham.internal.bgp.wire.UpdateEncoder;
import dev.gingham.net.Ipv4Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded, Internet-like IPv4 table encoded as the UPDATE stream one eBGP peer would send: prefix
 * lengths distributed as in a full table (six in ten are /24s), attribute sets shared by about ten
 * prefixes each on average (skewed: a few sets carry many prefixes), AS paths of 3 to 6 hops with
 * 2- and 4-octet ASNs, some MEDs and communities.
 *
 * <p>The same seed always gives the same table. {@code variant} changes every attribute set (its
 * MED) but not the prefixes, so that loading variant 1 over variant 0 replaces every route.
 */
public final class SyntheticTable {
  /** The session the stream is encoded for: 4-octet eBGP with IPv4 and IPv6 unicast. */
  public static final SessionCodec SESSION =
      new SessionCodec(true, false, Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));

  /** The neighbouring AS every path starts with. */
  public static final long PEER_AS = 64_512;

  // Cumulative share (per mille) of prefix lengths /8../32 in a full IPv4 table, roughly.
  private static final int[] LENGTHS = {
    8, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 28, 32
  };
  private static final int[] CUMULATIVE = {
    1, 3, 6, 9, 24, 34, 49, 74, 119, 164, 284, 384, 984, 990, 995, 1000
  };

  private final int[] addresses;
  private final byte[] lengths;
  private final ByteBuf updates;
  private final int messages;
  private final int attributeSets;

  private SyntheticTable(int[] addresses, byte[] lengths, ByteBuf updates, int messages, int sets) {
    this.addresses = addresses;
    this.lengths = lengths;
    this.updates = updates;
    this.messages = messages;
    this.attributeSets = sets;
  }

  /** A table of {@code size} unique prefixes. */
  public static SyntheticTable generate(int size, long seed, int variant) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] addresses = new int[size];
    byte[] lengths = new byte[size];
    Set<Long> seen = new HashSet<>(size * 2);
    for (int i = 0; i < size; ) {
      int len = drawLength(random.nextInt(1000));
      int address =
          (int) random.nextLong(0x01000000L, 0xDF000000L) & (int) (0xFFFF_FFFFL << (32 - len));
      if (seen.add((Integer.toUnsignedLong(address) << 8) | len)) {
        addresses[i] = address;
        lengths[i] = (byte) len;
        i++;
      }
    }
    int sets = Math.max(1, size / 10);
    PathAttributes[] pool = new PathAttributes[sets];
    SplittableRandom attrRandom = new SplittableRandom(seed * 31 + 7);
    for (int s = 0; s < sets; s++) {
      pool[s] = attributes(attrRandom, variant);
    }
    List<List<Integer>> bySet = new ArrayList<>(sets);
    for (int s = 0; s < sets; s++) {
      bySet.add(new ArrayList<>());
    }
    for (int i = 0; i < size; i++) {
      double r = random.nextDouble();
      bySet.get((int) (r * r * sets)).add(i); // skewed: low sets carry more prefixes
    }
    ByteBuf out = Unpooled.directBuffer(size * 6 + sets * 128);
    UpdateEncoder encoder = new UpdateEncoder(SESSION);
    PrefixBatch batch = new PrefixBatch();
    int messages = 0;
    for (int s = 0; s < sets; s++) {
      List<Integer> members = bySet.get(s);
      if (members.isEmpty()) {
        continue;
      }
      batch.clear();
      for (int i : members) {
        batch.addIpv4(addresses[i], lengths[i]);
      }
      for (int i = 0; i < batch.size(); ) {
        i = encoder.writeAnnouncements(out, AddressFamily.IPV4_UNICAST, pool[s], batch, i);
        messages++;
      }
    }
    return new SyntheticTable(addresses, lengths, out, messages, sets);
  }

  private static int drawLength(int perMille) {
    for (int i = 0; i < CUMULATIVE.length; i++) {
      if (perMille < CUMULATIVE[i]) {
        return LENGTHS[i];
      }
    }
    return 24;
  }

  private static PathAttributes attributes(SplittableRandom r, int variant) {
    int hops = 3 + r.nextInt(4);
    long[] path = new long[hops];
    path[0] = PEER_AS;
    for (int h = 1; h < hops; h++) {
      path[h] = r.nextInt(10) < 2 ? 200_000 + r.nextInt(200_000) : 1 + r.nextInt(64_000);
    }
    PathAttributes.Builder b =
        PathAttributes.builder()
            .origin(r.nextInt(10) < 8 ? Origin.IGP : Origin.INCOMPLETE)
            .asPath(AsPath.sequence(path))
            .nextHop(Ipv4Address.of(0xC0000200 | (1 + r.nextInt(200))));
    if (r.nextInt(10) < 3 || variant != 0) {
      b.med(r.nextInt(1000) + variant * 1000L);
    }
    int communities = r.nextInt(5);
    for (int c = 0; c < communities; c++) {
      b.addCommunity(Community.of((int) PEER_AS, r.nextInt(65536)));
    }
    return b.build();
  }

  /** The encoded UPDATEs, back to back; read with absolute indices, never consumed. */
  public ByteBuf updates() {
    return updates;
  }

  /** The number of UPDATE messages. */
  public int messages() {
    return messages;
  }

  /** The number of prefixes. */
  public int size() {
    return addresses.length;
  }

  /** The number of distinct attribute sets. */
  public int attributeSets() {
    return attributeSets;
  }

  /** The address of prefix {@code i}. */
  public int address(int i) {
    return addresses[i];
  }

  /** The length of prefix {@code i}. */
  public int length(int i) {
    return lengths[i];
  }
}
