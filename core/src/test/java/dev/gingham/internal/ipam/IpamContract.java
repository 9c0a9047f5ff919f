package dev.gingham.internal.ipam;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.AddressInUseException;
import dev.gingham.ipam.AddressNotInPoolException;
import dev.gingham.ipam.AddressReservedException;
import dev.gingham.ipam.AffinityConflictException;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.AllowedUse;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.AssignResult;
import dev.gingham.ipam.BlockUsage;
import dev.gingham.ipam.CheckReport;
import dev.gingham.ipam.ConflictException;
import dev.gingham.ipam.EncapsulationMode;
import dev.gingham.ipam.GcReport;
import dev.gingham.ipam.InconsistencyKind;
import dev.gingham.ipam.InvalidPoolException;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.ipam.IpamDataException;
import dev.gingham.ipam.NoSuchPoolException;
import dev.gingham.ipam.NoUsablePoolException;
import dev.gingham.ipam.PoolDisabledException;
import dev.gingham.ipam.PoolExhaustedException;
import dev.gingham.ipam.PoolInUseException;
import dev.gingham.ipam.PoolUsage;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every store gives IPAM: each case runs against a fresh store that a subclass opens,
 * through the public {@link Ipam} interface only, with a clock the case moves by hand.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class IpamContract {
  static final IpPrefix V4 = IpPrefix.parse("10.65.0.0/24");
  static final IpPrefix V6 = IpPrefix.parse("fd00:65::/120");

  protected Datastore store;
  protected MutableClock clock;
  protected Ipam ipam;

  /** Opens a new, empty store. The contract closes it. */
  protected abstract Datastore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    ipam = Ipams.create(store, clock);
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  // --- helpers

  static IpPool.Builder v4Pool() {
    return IpPool.builder("pool-a", V4).blockSize(28);
  }

  static IpPool.Builder v6Pool() {
    return IpPool.builder("pool-six", V6).blockSize(124);
  }

  AssignResult assign(String host, String handle, int v4, int v6) {
    return ipam.autoAssign(AssignRequest.builder(handle, host).ipv4(v4).ipv6(v6).build());
  }

  IpAddress assignOne(String host, String handle) {
    return assign(host, handle, 1, 0).ipv4().get(0);
  }

  static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  static IpPrefix cidr(String text) {
    return IpPrefix.parse(text);
  }

  /** Runs something that must fail, and shows that it changed nothing in the store. */
  void assertRefusedWithoutChange(
      Runnable action, Class<? extends Throwable> type, String message) {
    StoreSnapshot before = StoreSnapshot.of(store);
    assertThatThrownBy(action::run).isInstanceOf(type).hasMessageContaining(message);
    assertThat(StoreSnapshot.of(store)).isEqualTo(before);
  }

  void assertClean() {
    CheckReport report = ipam.check();
    assertThat(report.inconsistencies()).as("check()").isEmpty();
    assertThat(report.isClean()).isTrue();
  }

  void put(String key, String json) {
    store.put(key, json.getBytes(UTF_8));
  }

  @Nested
  @DisplayName("pools")
  class Pools {
    @Test
    @DisplayName("a created pool reads back, and pools list in name order")
    void createAndRead() {
      IpPool b =
          IpPool.builder("b-pool", cidr("10.1.0.0/16")).vxlanMode(EncapsulationMode.ALWAYS).build();
      IpPool a = v4Pool().natOutgoing(true).build();
      ipam.createPool(b);
      ipam.createPool(a);

      assertThat(ipam.pool("pool-a")).contains(a);
      assertThat(ipam.pools()).containsExactly(b, a);
      assertThat(ipam.pool("nope")).isEmpty();
    }

    @Test
    @DisplayName("an overlapping pool is refused, naming both, and nothing changes")
    void overlapRefused() {
      ipam.createPool(v4Pool().build());
      IpPool inner = IpPool.builder("inner", cidr("10.65.0.128/25")).blockSize(28).build();

      assertRefusedWithoutChange(
          () -> ipam.createPool(inner),
          InvalidPoolException.class,
          "invalid pool 'inner': 10.65.0.128/25 overlaps pool 'pool-a' (10.65.0.0/24)");
    }

    @Test
    @DisplayName("a second pool of the same name is refused")
    void duplicateName() {
      ipam.createPool(v4Pool().build());
      assertRefusedWithoutChange(
          () -> ipam.createPool(IpPool.builder("pool-a", cidr("10.9.0.0/24")).build()),
          InvalidPoolException.class,
          "a pool of that name exists");
    }

    @Test
    @DisplayName("an update may change settings but never the CIDR or the block size")
    void updateRules() {
      ipam.createPool(v4Pool().build());
      IpPool changed = v4Pool().natOutgoing(true).disableBgpExport(true).build();
      assertThat(ipam.updatePool(changed)).isEqualTo(changed);
      assertThat(ipam.pool("pool-a")).contains(changed);

      assertRefusedWithoutChange(
          () ->
              ipam.updatePool(IpPool.builder("pool-a", cidr("10.65.0.0/23")).blockSize(28).build()),
          InvalidPoolException.class,
          "the CIDR cannot change, from 10.65.0.0/24 to 10.65.0.0/23");
      assertRefusedWithoutChange(
          () -> ipam.updatePool(v4Pool().blockSize(26).build()),
          InvalidPoolException.class,
          "the block size cannot change, from /28 to /26");
      assertRefusedWithoutChange(
          () -> ipam.updatePool(IpPool.builder("ghost", cidr("10.9.0.0/24")).build()),
          NoSuchPoolException.class,
          "no pool 'ghost'");
    }

    @Test
    @DisplayName("a pool with addresses in use is not deleted, and stays enabled")
    void deleteInUse() {
      ipam.createPool(v4Pool().build());
      assignOne("node-1", "h1");

      assertRefusedWithoutChange(
          () -> ipam.deletePool("pool-a"),
          PoolInUseException.class,
          "pool 'pool-a' still has 1 address in use");
      assertThat(ipam.pool("pool-a").orElseThrow().disabled()).isFalse();
    }

    @Test
    @DisplayName("deleting a pool removes its empty blocks and their affinities")
    void deleteRemovesBlocks() {
      ipam.createPool(v4Pool().build());
      IpAddress a = assignOne("node-1", "h1");
      ipam.releaseIps(List.of(a));
      assertThat(ipam.blocksOf("node-1")).hasSize(1);

      ipam.deletePool("pool-a");

      assertThat(ipam.pools()).isEmpty();
      assertThat(ipam.blocksOf("node-1")).isEmpty();
      assertThat(store.listAll("/gingham/ipam/v1/blocks/").items()).isEmpty();
      assertThat(store.listAll("/gingham/ipam/v1/affinities/").items()).isEmpty();
      assertClean();
      assertThatThrownBy(() -> ipam.deletePool("pool-a"))
          .isInstanceOf(NoSuchPoolException.class)
          .hasMessage("no pool 'pool-a'");
    }
  }

  @Nested
  @DisplayName("configuration and reservations")
  class ConfigurationAndReservations {
    @Test
    @DisplayName("a store without configuration has the defaults, and a set one reads back")
    void config() {
      assertThat(ipam.config()).isEqualTo(IpamConfig.DEFAULT);
      IpamConfig strict =
          IpamConfig.builder()
              .strictAffinity(true)
              .maxBlocksPerHost(3)
              .ipCooldown(Duration.ofSeconds(30))
              .build();
      ipam.setConfig(strict);
      assertThat(ipam.config()).isEqualTo(strict);
      assertThat(Ipams.create(store).config()).as("another engine on the store").isEqualTo(strict);
    }

    @Test
    @DisplayName(
        "reservations are put, replaced, listed and deleted; deleting a missing one is not an error")
    void reservations() {
      IpReservation r = IpReservation.of("gateways", cidr("10.65.0.0/30"));
      ipam.putReservation(r);
      IpReservation wider =
          IpReservation.of("gateways", cidr("10.65.0.0/29"), cidr("fd00:65::/126"));
      ipam.putReservation(wider);
      assertThat(ipam.reservations()).containsExactly(wider);
      assertThat(ipam.deleteReservation("gateways")).isTrue();
      assertThat(ipam.deleteReservation("gateways")).isFalse();
      assertThat(ipam.reservations()).isEmpty();
    }

    @Test
    @DisplayName(
        "reserved addresses and kept block edges are never handed out, and assignIp refuses them")
    void reservedNeverHandedOut() {
      ipam.createPool(v4Pool().reservedPerBlock(1, 1).build());
      ipam.putReservation(IpReservation.of("r", cidr("10.65.0.0/26")));
      Set<IpAddress> got = new HashSet<>();
      // 192 addresses outside the reservation, in 12 blocks of 16 that keep 2 each: 168 to hand
      // out.
      for (int i = 0; i < 168; i++) {
        got.add(assignOne("node-" + (i % 3), "h" + i));
      }
      assertThat(got).hasSize(168);
      for (IpAddress a : got) {
        long offset = V4.ordinal(a);
        assertThat(offset).as("%s outside the reservation", a).isGreaterThanOrEqualTo(64);
        assertThat(offset % 16).as("%s is no block's network or broadcast", a).isNotIn(0L, 15L);
      }
      assertThatThrownBy(() -> assignOne("node-0", "one-more"))
          .isInstanceOf(PoolExhaustedException.class);
      assertRefusedWithoutChange(
          () -> ipam.assignIp(ip("10.65.0.7"), "h", Map.of(), "node-0"),
          AddressReservedException.class,
          "10.65.0.7 is reserved by reservation 'r' (10.65.0.0/26)");
      assertRefusedWithoutChange(
          () -> ipam.assignIp(ip("10.65.0.79"), "h", Map.of(), "node-0"),
          AddressReservedException.class,
          "10.65.0.79 is reserved by pool 'pool-a', which keeps 1 at the start and 1 at the end");
      PoolUsage usage = ipam.usage().pool("pool-a").orElseThrow();
      assertThat(usage.inUse()).isEqualTo(168);
      assertThat(usage.reserved()).isEqualTo(BigInteger.valueOf(64 + 24));
      assertThat(usage.free()).isEqualTo(BigInteger.ZERO);
      assertClean();
    }
  }

  @Nested
  @DisplayName("auto-assignment")
  class AutoAssignment {
    @BeforeEach
    void pools() {
      ipam.createPool(v4Pool().build());
      ipam.createPool(v6Pool().build());
    }

    @Test
    @DisplayName("a host fills its own block before it claims another")
    void fillsAffineBlockFirst() {
      IpAddress first = assignOne("node-1", "h1");
      List<IpPrefix> blocks = ipam.blocksOf("node-1");
      assertThat(blocks).hasSize(1);
      IpPrefix block = blocks.get(0);
      for (int i = 2; i <= 16; i++) {
        assertThat(block.contains(assignOne("node-1", "h" + i))).isTrue();
      }
      assertThat(ipam.blocksOf("node-1")).containsExactly(block);
      IpAddress seventeenth = assignOne("node-1", "h17");
      assertThat(block.contains(seventeenth)).isFalse();
      assertThat(ipam.blocksOf("node-1")).hasSize(2);
      assertThat(block.contains(first)).isTrue();
      assertClean();
    }

    @Test
    @DisplayName("a host claims blocks in the walk its name fixes, skipping blocks that exist")
    void deterministicWalk() {
      assertThat(BlockWalk.seed("a")).as("32-bit FNV-1a of 'a'").isEqualTo(0xe40c292cL);
      IpPool pool = ipam.pool("pool-a").orElseThrow();
      BlockWalk one = new BlockWalk(pool, "node-1");
      BlockWalk two = new BlockWalk(pool, "node-2");
      assignOne("node-1", "h1");
      assertThat(ipam.blocksOf("node-1")).containsExactly(one.block(0));

      // Give node-2's first block to another host: node-2 walks on to its next free block.
      if (!two.block(0).equals(one.block(0))) {
        ipam.assignIp(two.block(0).first(), "squatter", Map.of(), "node-3");
      }
      IpPrefix expected = null;
      for (long step = 1; expected == null; step++) {
        IpPrefix next = two.block(step);
        if (!next.equals(one.block(0))) {
          expected = next;
        }
      }
      assignOne("node-2", "h2");
      assertThat(ipam.blocksOf("node-2")).containsExactly(expected);
      assertClean();
    }

    @Test
    @DisplayName("one request gets IPv4 and IPv6 addresses, all under its handle")
    void dualStack() {
      AssignResult r =
          ipam.autoAssign(
              AssignRequest.builder("pod", "node-1")
                  .ipv4(2)
                  .ipv6(1)
                  .attributes(Map.of("namespace", "prod", "pod", "web-1"))
                  .build());
      assertThat(r.ipv4()).hasSize(2).allMatch(V4::contains);
      assertThat(r.ipv6()).hasSize(1).allMatch(V6::contains);
      assertThat(ipam.ipsByHandle("pod")).containsExactlyInAnyOrderElementsOf(r.all());
      Allocation a = ipam.allocation(r.ipv6().get(0)).orElseThrow();
      assertThat(a.handle()).isEqualTo("pod");
      assertThat(a.attributes()).containsEntry("pod", "web-1").containsEntry("namespace", "prod");
      assertThat(a.blockHost()).isEqualTo("node-1");
      assertThat(a.block().length()).isEqualTo(124);
      assertClean();
    }

    @Test
    @DisplayName("a request that gets IPv4 but not IPv6 assigns nothing at all")
    void allOrNothing() {
      // Fill the IPv6 pool: 16 blocks of 16.
      for (int i = 0; i < 256; i++) {
        ipam.autoAssign(AssignRequest.builder("six-" + i, "node-" + (i % 4)).ipv6(1).build());
      }
      long v4Before = ipam.usage().pool("pool-a").orElseThrow().inUse();
      assertThatThrownBy(() -> assign("node-9", "dual", 1, 1))
          .isInstanceOfSatisfying(
              PoolExhaustedException.class,
              e -> {
                assertThat(e.family()).isEqualTo(IpFamily.IPV6);
                assertThat(e.poolsTried()).containsExactly(V6);
              });
      assertThat(ipam.ipsByHandle("dual")).isEmpty();
      assertThat(ipam.usage().pool("pool-a").orElseThrow().inUse()).isEqualTo(v4Before);
      assertClean();
    }

    @Test
    @DisplayName("an IPv6 request against IPv4-only pools says that no pool can serve it")
    void noIpv6Pool() {
      ipam.deletePool("pool-six");
      assertRefusedWithoutChange(
          () -> assign("node-1", "h", 0, 1),
          NoUsablePoolException.class,
          "no enabled IPv6 pool allows Workload use and selects host 'node-1': there is no IPv6"
              + " pool");
    }

    @Test
    @DisplayName("a request naming a disabled or unknown pool is refused")
    void namedPools() {
      ipam.updatePool(v4Pool().disabled(true).build());
      assertRefusedWithoutChange(
          () ->
              ipam.autoAssign(
                  AssignRequest.builder("h", "node-1").ipv4(1).pools(List.of(V4)).build()),
          PoolDisabledException.class,
          "pool 'pool-a' (10.65.0.0/24) is disabled");
      assertRefusedWithoutChange(
          () ->
              ipam.autoAssign(
                  AssignRequest.builder("h", "node-1")
                      .ipv4(1)
                      .pools(List.of(cidr("10.99.0.0/16")))
                      .build()),
          NoSuchPoolException.class,
          "no pool '10.99.0.0/16'");
      assertRefusedWithoutChange(
          () -> assignOne("node-1", "h"), NoUsablePoolException.class, "pool-a (disabled)");
    }

    @Test
    @DisplayName("node selectors and allowed uses choose the pools")
    void selectorsAndUses() {
      ipam.createPool(
          IpPool.builder("zone-b", cidr("10.66.0.0/24"))
              .blockSize(28)
              .nodeSelector("zone == 'b'")
              .build());
      ipam.createPool(
          IpPool.builder("tunnels", cidr("10.67.0.0/24"))
              .blockSize(28)
              .allowedUses(AllowedUse.TUNNEL)
              .build());
      ipam.updatePool(v4Pool().nodeSelector("zone in {'a', 'c'}").build());

      IpAddress inB =
          ipam.autoAssign(
                  AssignRequest.builder("b", "node-b")
                      .ipv4(1)
                      .hostLabels(Map.of("zone", "b"))
                      .build())
              .ipv4()
              .get(0);
      assertThat(cidr("10.66.0.0/24").contains(inB)).isTrue();
      IpAddress inA =
          ipam.autoAssign(
                  AssignRequest.builder("a", "node-a")
                      .ipv4(1)
                      .hostLabels(Map.of("zone", "c"))
                      .build())
              .ipv4()
              .get(0);
      assertThat(V4.contains(inA)).isTrue();
      IpAddress tunnel =
          ipam.autoAssign(
                  AssignRequest.builder("t", "node-a")
                      .ipv4(1)
                      .use(AllowedUse.TUNNEL)
                      .hostLabels(Map.of("zone", "z"))
                      .build())
              .ipv4()
              .get(0);
      assertThat(cidr("10.67.0.0/24").contains(tunnel)).isTrue();
      assertThatThrownBy(
              () ->
                  ipam.autoAssign(
                      AssignRequest.builder("x", "node-x")
                          .ipv4(1)
                          .hostLabels(Map.of("zone", "z"))
                          .build()))
          .isInstanceOf(NoUsablePoolException.class)
          .hasMessageContaining("does not select it")
          .hasMessageContaining("tunnels (allows only [TUNNEL])");
    }

    @Test
    @DisplayName("a released address is reused last: the block hands out the one free the longest")
    void fifoReuse() {
      IpAddress first = assignOne("node-1", "h1");
      IpAddress second = assignOne("node-1", "h2");
      ipam.releaseIps(List.of(first));
      List<IpAddress> next = new ArrayList<>();
      for (int i = 0; i < 14; i++) {
        next.add(assignOne("node-1", "n" + i));
      }
      assertThat(next).doesNotContain(first, second);
      assertThat(assignOne("node-1", "last")).isEqualTo(first);
    }

    @Test
    @DisplayName("a released address rests for the cooldown before it is handed out again")
    void cooldown() {
      ipam.setConfig(
          IpamConfig.builder()
              .strictAffinity(true)
              .maxBlocksPerHost(1)
              .ipCooldown(Duration.ofSeconds(30))
              .build());
      List<IpAddress> all = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        all.add(assignOne("node-1", "h" + i));
      }
      ipam.releaseIps(List.of(all.get(3)));
      clock.advance(Duration.ofSeconds(29));
      assertThatThrownBy(() -> assignOne("node-1", "meanwhile"))
          .as("the one free address is still cooling down")
          .isInstanceOf(PoolExhaustedException.class);
      clock.advance(Duration.ofSeconds(2));
      assertThat(assignOne("node-1", "after")).isEqualTo(all.get(3));
      assertClean();
    }

    @Test
    @DisplayName("with no block left to claim, a host borrows from another host's block")
    void borrows() {
      for (int i = 0; i < 255; i++) {
        assignOne("node-1", "fill-" + i); // every block claimed, one address left
      }
      assertThat(ipam.blocksOf("node-1")).hasSize(16);
      IpAddress borrowed = assignOne("node-2", "borrower");
      assertThat(ipam.blocksOf("node-2")).isEmpty();
      Allocation a = ipam.allocation(borrowed).orElseThrow();
      assertThat(a.blockHost()).isEqualTo("node-1");
      assertClean();
    }

    @Test
    @DisplayName("strict affinity forbids borrowing, and the error says so")
    void strictAffinity() {
      ipam.setConfig(IpamConfig.builder().strictAffinity(true).build());
      for (int i = 0; i < 255; i++) {
        assignOne("node-1", "fill-" + i);
      }
      assertRefusedWithoutChange(
          () -> assignOne("node-2", "borrower"),
          PoolExhaustedException.class,
          "cannot assign 1 IPv4 address to handle 'borrower' on host 'node-2': only 0 available"
              + " to the host in pools [10.65.0.0/24]; strict affinity forbids borrowing from"
              + " other hosts' blocks");
    }

    @Test
    @DisplayName("a host at its block limit fills what it has, then borrows")
    void blockLimit() {
      ipam.setConfig(IpamConfig.builder().maxBlocksPerHost(2).build());
      assign("node-1", "a", 16, 0);
      assign("node-1", "b", 16, 0);
      IpAddress third = assignOne("node-2", "other");
      assertThat(ipam.blocksOf("node-2")).hasSize(1);
      IpAddress borrowed = assignOne("node-1", "c");
      assertThat(ipam.blocksOf("node-1")).hasSize(2);
      assertThat(ipam.allocation(borrowed).orElseThrow().blockHost()).isEqualTo("node-2");
      assertThat(borrowed).isNotEqualTo(third);

      ipam.setConfig(IpamConfig.builder().maxBlocksPerHost(2).strictAffinity(true).build());
      assertRefusedWithoutChange(
          () -> assignOne("node-1", "d"),
          PoolExhaustedException.class,
          "the host holds 2 blocks, the maxBlocksPerHost limit");
    }

    @Test
    @DisplayName("another host's empty block is reclaimed after a minute, not before")
    void reclaim() {
      // Sixteen hosts take one block each and free it again.
      for (int i = 0; i < 16; i++) {
        IpAddress a = assignOne("node-" + i, "h" + i);
        ipam.releaseIps(List.of(a));
      }
      ipam.setConfig(IpamConfig.builder().strictAffinity(true).build());
      clock.advance(Duration.ofSeconds(59));
      assertThatThrownBy(() -> assignOne("newcomer", "n1"))
          .isInstanceOf(PoolExhaustedException.class);
      assertThat(ipam.blocksOf("newcomer")).isEmpty();
      clock.advance(Duration.ofSeconds(2));
      IpAddress got = assignOne("newcomer", "n1");
      List<IpPrefix> mine = ipam.blocksOf("newcomer");
      assertThat(mine).hasSize(1);
      assertThat(mine.get(0).contains(got)).isTrue();
      int others = 0;
      for (int i = 0; i < 16; i++) {
        others += ipam.blocksOf("node-" + i).size();
      }
      assertThat(others).isEqualTo(15);
      assertClean();
    }

    @Test
    @DisplayName("requests out of range are refused by the request builder")
    void badRequests() {
      assertThatThrownBy(() -> AssignRequest.builder("h", "node").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("request for handle 'h' asks for no address; set ipv4 or ipv6");
      assertThatThrownBy(() -> AssignRequest.builder("bad handle", "node").ipv4(1).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("malformed handle 'bad handle': character ' ' at index 3");
      assertThatThrownBy(() -> AssignRequest.builder("h", "node/1").ipv4(1).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("malformed host name 'node/1': character '/' at index 4");
      assertThatThrownBy(() -> AssignRequest.builder("h", "n").ipv4(257).build())
          .hasMessage("IPv4 count must be from 0 to 256, was 257");
    }
  }

  @Nested
  @DisplayName("exhaustion")
  class Exhaustion {
    @Test
    @DisplayName(
        "a /24 pool with /28 blocks fills completely, then fails exactly, then empties to zero")
    void fillAndEmpty() {
      ipam.createPool(v4Pool().build());
      Set<IpAddress> all = new HashSet<>();
      for (int i = 0; i < 256; i++) {
        all.add(assignOne("node-" + (i % 5), "h" + i));
      }
      assertThat(all).hasSize(256).allMatch(V4::contains);
      PoolUsage full = ipam.usage().pool("pool-a").orElseThrow();
      assertThat(full.inUse()).isEqualTo(256);
      assertThat(full.free()).isZero();
      assertThat(full.blocks()).hasSize(16).allMatch(b -> b.free() == 0 && b.inUse() == 16);

      assertRefusedWithoutChange(
          () -> assignOne("node-0", "one-too-many"),
          PoolExhaustedException.class,
          "cannot assign 1 IPv4 address to handle 'one-too-many' on host 'node-0': only 0"
              + " available to the host in pools [10.65.0.0/24]");
      try {
        assignOne("node-0", "one-too-many");
      } catch (PoolExhaustedException e) {
        assertThat(e.getMessage())
            .isEqualTo(
                "cannot assign 1 IPv4 address to handle 'one-too-many' on host 'node-0': only 0"
                    + " available to the host in pools [10.65.0.0/24]");
        assertThat(e.requested()).isEqualTo(1);
        assertThat(e.available()).isZero();
        assertThat(e.poolsTried()).containsExactly(V4);
      }

      assertThat(ipam.releaseIps(new ArrayList<>(all))).hasSize(256);
      PoolUsage empty = ipam.usage().pool("pool-a").orElseThrow();
      assertThat(empty.inUse()).isZero();
      assertThat(empty.free()).isEqualTo(BigInteger.valueOf(256));
      assertThat(empty.blocks()).allMatch(b -> b.inUse() == 0);
      assertThat(ipam.usage().inUse()).isZero();
      assertClean();
    }
  }

  @Nested
  @DisplayName("assigning a given address")
  class AssignIp {
    @BeforeEach
    void pools() {
      ipam.createPool(v4Pool().build());
    }

    @Test
    @DisplayName("assigns it, claiming its block for the host")
    void assigns() {
      ipam.assignIp(ip("10.65.0.37"), "h", Map.of("k", "v"), "node-1");
      assertThat(ipam.blocksOf("node-1")).containsExactly(cidr("10.65.0.32/28"));
      Allocation a = ipam.allocation(ip("10.65.0.37")).orElseThrow();
      assertThat(a.handle()).isEqualTo("h");
      assertThat(a.attributes()).isEqualTo(Map.of("k", "v"));
      assertThat(ipam.ipsByHandle("h")).containsExactly(ip("10.65.0.37"));
      assertClean();
    }

    @Test
    @DisplayName("without a host, its block is created with no affinity, and deleted when emptied")
    void hostless() {
      ipam.assignIp(ip("10.65.0.37"), "h", Map.of());
      Allocation a = ipam.allocation(ip("10.65.0.37")).orElseThrow();
      assertThat(a.blockHost()).isNull();
      assertClean();
      assertThat(ipam.releaseIps(List.of(ip("10.65.0.37")))).containsExactly(ip("10.65.0.37"));
      assertThat(store.get("/gingham/ipam/v1/blocks/10.65.0.32-28")).isEmpty();
      assertClean();
    }

    @Test
    @DisplayName("an address in use, outside every pool, or in a disabled pool is refused")
    void refusals() {
      ipam.assignIp(ip("10.65.0.37"), "h", Map.of(), "node-1");
      assertRefusedWithoutChange(
          () -> ipam.assignIp(ip("10.65.0.37"), "other", Map.of(), "node-2"),
          AddressInUseException.class,
          "10.65.0.37 is already assigned, to handle 'h'");
      assertRefusedWithoutChange(
          () -> ipam.assignIp(ip("192.0.2.1"), "other", Map.of(), "node-2"),
          AddressNotInPoolException.class,
          "192.0.2.1 is not in any pool");
      assertRefusedWithoutChange(
          () -> ipam.assignIp(ip("10.65.0.38"), "bad/handle", Map.of(), "node-2"),
          IllegalArgumentException.class,
          "malformed handle 'bad/handle'");
      ipam.updatePool(v4Pool().disabled(true).build());
      assertRefusedWithoutChange(
          () -> ipam.assignIp(ip("10.65.0.38"), "other", Map.of(), "node-2"),
          PoolDisabledException.class,
          "pool 'pool-a' (10.65.0.0/24) is disabled");
    }

    @Test
    @DisplayName("under strict affinity, another host's block and host-less requests are refused")
    void strict() {
      ipam.setConfig(IpamConfig.builder().strictAffinity(true).build());
      ipam.assignIp(ip("10.65.0.37"), "h", Map.of(), "node-1");
      assertRefusedWithoutChange(
          () -> ipam.assignIp(ip("10.65.0.38"), "x", Map.of(), "node-2"),
          AffinityConflictException.class,
          "strict affinity: block 10.65.0.32/28 is affine to host 'node-1', not to 'node-2'");
      assertRefusedWithoutChange(
          () -> ipam.assignIp(ip("10.65.0.99"), "x", Map.of()),
          AffinityConflictException.class,
          "strict affinity: block 10.65.0.96/28 has no affinity and the request names no host");
      ipam.assignIp(ip("10.65.0.38"), "y", Map.of(), "node-1");
      assertClean();
    }
  }

  @Nested
  @DisplayName("releasing")
  class Releasing {
    @BeforeEach
    void pools() {
      ipam.createPool(v4Pool().build());
      ipam.createPool(v6Pool().build());
    }

    @Test
    @DisplayName("releasing by address is idempotent, and unknown addresses are no error")
    void releaseIps() {
      AssignResult r = assign("node-1", "h", 2, 1);
      List<IpAddress> asked = new ArrayList<>(r.all());
      asked.add(ip("192.0.2.1"));
      asked.add(ip("10.65.0.200"));
      assertThat(ipam.releaseIps(asked)).containsExactlyElementsOf(r.all());
      StoreSnapshot after = StoreSnapshot.of(store);
      assertThat(ipam.releaseIps(asked)).isEmpty();
      assertThat(StoreSnapshot.of(store)).isEqualTo(after);
      assertThat(ipam.ipsByHandle("h")).isEmpty();
      assertThat(store.get("/gingham/ipam/v1/handles/h")).isEmpty();
      assertClean();
    }

    @Test
    @DisplayName("releasing by handle frees every address of the handle, in two blocks, once")
    void releaseByHandle() {
      assign("node-1", "filler", 15, 0);
      AssignResult r = assign("node-1", "h", 2, 1); // spills into a second block
      assertThat(ipam.blocksOf("node-1")).hasSize(3);
      assertThat(ipam.releaseByHandle("h")).containsExactlyInAnyOrderElementsOf(r.all());
      assertThat(ipam.releaseByHandle("h")).isEmpty();
      assertThat(ipam.releaseByHandle("never-seen")).isEmpty();
      assertThat(ipam.ipsByHandle("filler")).hasSize(15);
      assertClean();
    }

    @Test
    @DisplayName("allocations lists every assigned address in address order, with its block")
    void allocations() {
      AssignResult a = assign("node-1", "a", 2, 1);
      AssignResult b = assign("node-2", "b", 1, 0);
      List<Allocation> all = ipam.allocations();
      List<IpAddress> expected = new ArrayList<>(a.all());
      expected.addAll(b.all());
      expected.sort(null);
      assertThat(all).extracting(Allocation::address).containsExactlyElementsOf(expected);
      for (Allocation x : all) {
        assertThat(ipam.allocation(x.address())).contains(x);
        assertThat(x.block().contains(x.address())).isTrue();
      }
      ipam.releaseByHandle("a");
      assertThat(ipam.allocations())
          .extracting(Allocation::address)
          .containsExactlyElementsOf(b.all());
    }

    @Test
    @DisplayName("releasing allocations frees only what is still the same assignment")
    void releaseAllocations() {
      AssignResult r = assign("node-1", "h", 2, 0);
      List<Allocation> read = new ArrayList<>();
      for (IpAddress x : r.all()) {
        read.add(ipam.allocation(x).orElseThrow());
      }
      // The first address is released and handed out again, to another handle: it must stay.
      IpAddress reused = r.all().get(0);
      ipam.releaseIps(List.of(reused));
      ipam.assignIp(reused, "other", Map.of());
      assertThat(ipam.releaseAllocations(read)).containsExactly(r.all().get(1));
      assertThat(ipam.allocation(reused)).get().extracting(Allocation::handle).isEqualTo("other");
      assertThat(ipam.allocation(r.all().get(1))).isEmpty();
      StoreSnapshot after = StoreSnapshot.of(store);
      assertThat(ipam.releaseAllocations(read)).isEmpty();
      assertThat(StoreSnapshot.of(store)).isEqualTo(after);
      assertClean();
    }

    @Test
    @DisplayName("a malformed handle is refused")
    void malformedHandle() {
      assertRefusedWithoutChange(
          () -> ipam.releaseByHandle(""),
          IllegalArgumentException.class,
          "handle must not be empty");
      assertRefusedWithoutChange(
          () -> ipam.releaseByHandle("a\nb"),
          IllegalArgumentException.class,
          "malformed handle 'a\\u000ab': character U+000A at index 1");
    }
  }

  @Nested
  @DisplayName("hosts")
  class Hosts {
    @BeforeEach
    void pools() {
      ipam.createPool(v4Pool().build());
    }

    @Test
    @DisplayName("releasing a host's affinities deletes its empty blocks and un-affines the others")
    void releaseHostAffinities() {
      IpAddress kept = assignOne("node-1", "kept");
      assign("node-1", "spill", 16, 0); // fills the first block and takes a second
      ipam.releaseByHandle("spill");
      List<IpPrefix> blocks = ipam.blocksOf("node-1");
      assertThat(blocks).hasSize(2);

      assertThat(ipam.releaseHostAffinities("node-1")).isEqualTo(2);

      assertThat(ipam.blocksOf("node-1")).isEmpty();
      Allocation a = ipam.allocation(kept).orElseThrow();
      assertThat(a.blockHost()).isNull();
      assertThat(ipam.usage().pool("pool-a").orElseThrow().blocks())
          .extracting(BlockUsage::cidr)
          .containsExactly(a.block());
      assertClean();
      assertThat(ipam.releaseIps(List.of(kept))).containsExactly(kept);
      assertThat(ipam.usage().pool("pool-a").orElseThrow().blocks()).isEmpty();
      assertThat(ipam.releaseHostAffinities("node-1")).isZero();
      assertClean();
    }
  }

  @Nested
  @DisplayName("usage")
  class Usage {
    @Test
    @DisplayName("counts in use, reserved and free per block and per pool, which always add up")
    void counts() {
      ipam.createPool(v4Pool().reservedPerBlock(1, 0).build());
      ipam.createPool(
          IpPool.builder("big-six", cidr("fd00:1::/64")).build()); // 2^58 blocks of /122
      ipam.putReservation(
          IpReservation.of(
              "r", cidr("10.65.0.16/30"), cidr("10.65.0.128/25"), cidr("fd00:1::/100")));
      assign("node-1", "h", 3, 2);
      PoolUsage v4 = ipam.usage().pool("pool-a").orElseThrow();
      assertThat(v4.size()).isEqualTo(BigInteger.valueOf(256));
      assertThat(v4.inUse()).isEqualTo(3);
      // Reserved: 128 (the /25) + 4 (the /30, whose block's first address it holds) + one block
      // start in each of the 7 other blocks of the lower half.
      assertThat(v4.reserved()).isEqualTo(BigInteger.valueOf(128 + 4 + 7));
      assertThat(v4.free()).isEqualTo(BigInteger.valueOf(256 - 3 - 139));
      BlockUsage block = v4.blocks().get(0);
      assertThat(block.inUse() + block.reserved() + block.free()).isEqualTo(16);
      PoolUsage v6 = ipam.usage().pool("big-six").orElseThrow();
      assertThat(v6.size()).isEqualTo(BigInteger.ONE.shiftLeft(64));
      assertThat(v6.inUse()).isEqualTo(2);
      assertThat(v6.reserved()).isEqualTo(BigInteger.ONE.shiftLeft(28));
      assertThat(v6.free())
          .isEqualTo(
              BigInteger.ONE
                  .shiftLeft(64)
                  .subtract(BigInteger.ONE.shiftLeft(28))
                  .subtract(BigInteger.TWO));
    }
  }

  @Nested
  @DisplayName("consistency check")
  class Check {
    @BeforeEach
    void pools() {
      ipam.createPool(v4Pool().build());
    }

    InconsistencyKind onlyKind() {
      CheckReport report = ipam.check();
      assertThat(report.inconsistencies()).hasSize(1);
      return report.inconsistencies().get(0).kind();
    }

    @Test
    @DisplayName("finds a handle record that counts more than the blocks hold: a leak")
    void leakedHandle() {
      IpAddress a = assignOne("node-1", "h");
      IpPrefix block = ipam.allocation(a).orElseThrow().block();
      put("/gingham/ipam/v1/handles/h", "{\"handle\":\"h\",\"blocks\":{\"" + block + "\":2}}");
      assertThat(onlyKind()).isEqualTo(InconsistencyKind.LEAKED_HANDLE);
      put(
          "/gingham/ipam/v1/handles/ghost",
          "{\"handle\":\"ghost\",\"blocks\":{\"" + block + "\":1}}");
      assertThat(ipam.check().inconsistencies())
          .extracting(i -> i.kind() + " " + i.key())
          .contains("LEAKED_HANDLE /gingham/ipam/v1/handles/ghost");
    }

    @Test
    @DisplayName("finds addresses whose handle record is missing")
    void allocationWithoutHandle() {
      assignOne("node-1", "h");
      store.delete("/gingham/ipam/v1/handles/h");
      assertThat(onlyKind()).isEqualTo(InconsistencyKind.ALLOCATION_WITHOUT_HANDLE);
      assertThat(ipam.check().inconsistencies().get(0).message())
          .contains("whose record is missing");
    }

    @Test
    @DisplayName("finds blocks without affinity and affinities without block")
    void affinityMismatches() {
      assignOne("node-1", "h");
      IpPrefix block = ipam.blocksOf("node-1").get(0);
      String affinityKey = "/gingham/ipam/v1/affinities/node-1/" + IpamKeys.segment(block);
      KeyValue affinity = store.get(affinityKey).orElseThrow();
      store.delete(affinityKey);
      assertThat(onlyKind()).isEqualTo(InconsistencyKind.BLOCK_WITHOUT_AFFINITY);
      store.put(affinityKey, affinity.value());
      assertClean();
      put(
          "/gingham/ipam/v1/affinities/node-2/10.65.0.0-28",
          "{\"host\":\"node-2\",\"cidr\":\"10.65.0.0/28\",\"state\":\"confirmed\"}");
      put(
          "/gingham/ipam/v1/affinities/node-3/10.65.0.16-28",
          "{\"host\":\"node-3\",\"cidr\":\"10.65.0.16/28\",\"state\":\"pending\"}");
      assertThat(ipam.check().inconsistencies())
          .extracting(i -> i.kind())
          .containsExactlyInAnyOrder(
              InconsistencyKind.AFFINITY_WITHOUT_BLOCK, InconsistencyKind.UNFINISHED_AFFINITY);
    }

    @Test
    @DisplayName("finds corrupt records, blocks outside pools and empty blocks without affinity")
    void corruptAndOrphans() {
      put("/gingham/ipam/v1/blocks/10.65.0.0-28", "{\"cidr\": 12}");
      put("/gingham/ipam/v1/unknown", "{}");
      put(
          "/gingham/ipam/v1/blocks/192.0.2.0-28",
          "{\"cidr\":\"192.0.2.0/28\",\"affinity\":null,\"sequence\":1,\"emptySince\":5,"
              + "\"free\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],\"allocations\":{}}");
      assertThat(ipam.check().inconsistencies())
          .extracting(i -> i.kind() + " " + i.key())
          .containsExactlyInAnyOrder(
              "CORRUPT_RECORD /gingham/ipam/v1/blocks/10.65.0.0-28",
              "BLOCK_OUTSIDE_POOLS /gingham/ipam/v1/blocks/192.0.2.0-28",
              "EMPTY_BLOCK_WITHOUT_AFFINITY /gingham/ipam/v1/blocks/192.0.2.0-28",
              "CORRUPT_RECORD /gingham/ipam/v1/unknown");
    }

    @Test
    @DisplayName("an operation that meets a corrupt block stops with the key, and writes nothing")
    void corruptBlockStopsOperations() {
      IpAddress a = assignOne("node-1", "h");
      IpPrefix block = ipam.allocation(a).orElseThrow().block();
      put("/gingham/ipam/v1/blocks/" + IpamKeys.segment(block), "{\"cidr\":\"" + block + "\"}");
      assertRefusedWithoutChange(
          () -> assignOne("node-1", "h2"),
          IpamDataException.class,
          "corrupt IPAM record '/gingham/ipam/v1/blocks/" + IpamKeys.segment(block) + "'");
    }
  }

  @Nested
  @DisplayName("garbage collection")
  class GarbageCollection {
    @BeforeEach
    void pools() {
      ipam.createPool(v4Pool().build());
      ipam.createPool(v6Pool().build());
    }

    @Test
    @DisplayName("releases every address of handles that are not live, and nothing of live ones")
    void collects() {
      AssignResult live = assign("node-1", "live", 1, 1);
      assign("node-1", "filler", 14, 0);
      AssignResult dead = assign("node-1", "dead", 2, 1); // two IPv4 blocks and one IPv6
      GcReport report = ipam.garbageCollect(Set.of("live", "filler"));
      assertThat(report.released()).containsOnlyKeys("dead");
      assertThat(report.released().get("dead")).containsExactlyInAnyOrderElementsOf(dead.all());
      assertThat(report.addressCount()).isEqualTo(3);
      assertThat(ipam.ipsByHandle("live")).containsExactlyInAnyOrderElementsOf(live.all());
      assertThat(ipam.ipsByHandle("dead")).isEmpty();
      assertClean();
    }

    @Test
    @DisplayName(
        "finds addresses whose handle record is missing, and drops records that hold nothing")
    void repairs() {
      IpAddress orphan = assignOne("node-1", "orphan");
      store.delete("/gingham/ipam/v1/handles/orphan");
      put("/gingham/ipam/v1/handles/empty", "{\"handle\":\"empty\",\"blocks\":{}}");
      GcReport report = ipam.garbageCollect(Set.of());
      assertThat(report.released()).isEqualTo(Map.of("orphan", List.of(orphan)));
      assertThat(store.get("/gingham/ipam/v1/handles/empty")).isEmpty();
      assertClean();
    }

    @Test
    @DisplayName("asks again just before releasing, and spares a handle that came alive")
    void rechecks() {
      assignOne("node-1", "late");
      assignOne("node-1", "gone");
      AtomicInteger askedAboutLate = new AtomicInteger();
      GcReport report =
          ipam.garbageCollect(
              handle -> handle.equals("late") && askedAboutLate.incrementAndGet() > 1);
      assertThat(askedAboutLate.get()).isEqualTo(2);
      assertThat(report.released()).containsOnlyKeys("gone");
      assertThat(ipam.ipsByHandle("late")).hasSize(1);
      assertClean();
    }
  }

  @Nested
  @DisplayName("datastore conflicts")
  class Conflicts {
    @Test
    @DisplayName("an assignment that keeps losing its race re-reads and retries, then succeeds")
    void retriesThenSucceeds() {
      ipam.createPool(v4Pool().build());
      IpAddress first = assignOne("node-1", "first");
      IpPrefix block = ipam.blocksOf("node-1").get(0);
      String key = "/gingham/ipam/v1/blocks/" + IpamKeys.segment(block);
      InterferingDatastore interfering = new InterferingDatastore(store, key, 5);
      Ipam contended = Ipams.create(interfering, clock);
      IpAddress second =
          contended
              .autoAssign(AssignRequest.builder("second", "node-1").ipv4(1).build())
              .ipv4()
              .get(0);
      assertThat(interfering.interferences()).isEqualTo(5);
      assertThat(second).isNotEqualTo(first);
      assertThat(block.contains(second)).isTrue();
      assertClean();
    }

    @Test
    @DisplayName(
        "an engine that assigns from what it last saw notices every change another engine made")
    void staleKnowledgeIsNeverWritten() {
      ipam.createPool(v4Pool().build());
      Ipam other = Ipams.create(store, clock);
      // Both engines learn node-1's block; each then changes what the other knows.
      IpAddress first = assignOne("node-1", "first");
      IpAddress second =
          other.autoAssign(AssignRequest.builder("second", "node-1").ipv4(1).build()).ipv4().get(0);
      IpAddress third = assignOne("node-1", "third");
      assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
      // A handle the first engine has not seen is not taken to be new.
      other.assignIp(ip("10.65.0.200"), "taken", Map.of());
      assignOne("node-1", "taken");
      assertThat(ipam.ipsByHandle("taken")).hasSize(2);
      // A pool disabled by another engine is refused, not assigned from.
      other.updatePool(v4Pool().disabled(true).build());
      assertRefusedWithoutChange(
          () -> assignOne("node-1", "fourth"), NoUsablePoolException.class, "pool-a (disabled)");
      // Host affinities released by another engine are not filled.
      other.updatePool(v4Pool().build());
      other.releaseByHandle("first");
      other.releaseByHandle("second");
      other.releaseByHandle("third");
      other.releaseByHandle("taken");
      other.releaseHostAffinities("node-1");
      assertThat(ipam.blocksOf("node-1")).isEmpty();
      IpAddress fifth = assignOne("node-1", "fifth");
      assertThat(ipam.blocksOf("node-1")).hasSize(1).allMatch(b -> b.contains(fifth));
      assertClean();
    }

    @Test
    @DisplayName(
        "an assignment that loses every race gives up with ConflictException, writing nothing of its own")
    void givesUp() {
      ipam.createPool(v4Pool().build());
      assignOne("node-1", "first");
      IpPrefix block = ipam.blocksOf("node-1").get(0);
      String key = "/gingham/ipam/v1/blocks/" + IpamKeys.segment(block);
      Ipam contended = Ipams.create(new InterferingDatastore(store, key, Integer.MAX_VALUE), clock);
      ipam.setConfig(IpamConfig.builder().strictAffinity(true).maxBlocksPerHost(1).build());
      assertThatThrownBy(
              () -> contended.autoAssign(AssignRequest.builder("second", "node-1").ipv4(1).build()))
          .isInstanceOf(ConflictException.class)
          .hasMessage(
              "autoAssign for handle 'second' on host 'node-1': gave up after 100 conflicting"
                  + " attempts");
      assertThat(ipam.ipsByHandle("second")).isEmpty();
      assertThat(ipam.usage().inUse()).isEqualTo(1);
      assertClean();
    }
  }
}
