package dev.gingham.ipam;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * IP address management with Calico's semantics: pools are cut into blocks, blocks are made affine
 * to hosts, and each host hands out addresses from its own blocks, so that hosts rarely contend and
 * each can advertise its blocks as routes.
 *
 * <p><b>State.</b> Everything lives in the datastore the implementation was made with, as JSON
 * records that {@code etcdctl get} can read, and every write is a compare-and-swap on the revisions
 * of the records the decision was taken from. Several processes and hosts may share one store: an
 * address is never handed out twice. When another writer wins a race, the operation re-reads,
 * re-decides and tries again, a bounded number of times, then throws {@link ConflictException}.
 *
 * <p><b>Errors.</b> Malformed arguments throw {@link IllegalArgumentException} (value types check
 * themselves when built); what the state refuses throws an {@link IpamException} subclass. Either
 * way, nothing changed, except that {@code autoAssign} may leave newly claimed blocks affine to the
 * host, as Calico does. A record that does not decode throws {@link IpamDataException}.
 *
 * <p>Implementations are thread-safe. Get one from {@code dev.gingham.core.Ipams}.
 */
public interface Ipam {

  // ---------------------------------------------------------------------------------------------
  // Pools, configuration and reservations.

  /**
   * Creates a pool.
   *
   * @return the pool as stored
   * @throws InvalidPoolException if a pool of that name exists, or it overlaps another pool
   */
  IpPool createPool(IpPool pool);

  /**
   * Replaces a pool's settings.
   *
   * @return the pool as stored
   * @throws NoSuchPoolException if no pool has that name
   * @throws InvalidPoolException if the CIDR or the block size would change
   */
  IpPool updatePool(IpPool pool);

  /**
   * Deletes a pool and its empty blocks.
   *
   * @throws NoSuchPoolException if no pool has that name
   * @throws PoolInUseException if any of its addresses is assigned; nothing is deleted
   */
  void deletePool(String name);

  /** The pool with this name. */
  Optional<IpPool> pool(String name);

  /** Every pool, in name order. */
  List<IpPool> pools();

  /** The configuration: what was set last, or {@link IpamConfig#DEFAULT}. */
  IpamConfig config();

  /** Replaces the configuration. It applies to every operation that starts afterwards. */
  void setConfig(IpamConfig config);

  /**
   * Creates or replaces a reservation. Addresses it covers that are assigned stay assigned.
   *
   * @return the reservation as stored
   */
  IpReservation putReservation(IpReservation reservation);

  /**
   * Deletes a reservation; deleting one that does not exist does nothing.
   *
   * @return whether it existed
   */
  boolean deleteReservation(String name);

  /** Every reservation, in name order. */
  List<IpReservation> reservations();

  // ---------------------------------------------------------------------------------------------
  // Assigning and releasing.

  /**
   * Assigns addresses to a handle, for a host, all or nothing. For each family, in order:
   *
   * <ol>
   *   <li>fill the host's affine blocks in the pools that may serve the request;
   *   <li>claim a new block, unless the host holds {@link IpamConfig#maxBlocksPerHost()} already or
   *       automatic allocation is off, walking each pool's blocks from a point derived from the
   *       host name so that competing hosts rarely pick the same one;
   *   <li>reclaim a block of another host that has been empty for a grace period (one minute);
   *   <li>borrow free addresses from other hosts' blocks, unless affinity is strict;
   *   <li>otherwise throw {@link PoolExhaustedException}.
   * </ol>
   *
   * Every address is written in one atomic transaction: a request that cannot be met in full (for
   * example IPv4 but not IPv6) assigns nothing. Within a block, the address free the longest is
   * handed out first, so that a released address is reused last; reserved addresses and addresses
   * still cooling down are skipped.
   *
   * @throws NoSuchPoolException if the request names a CIDR that is no pool's
   * @throws PoolDisabledException if the request names a disabled pool
   * @throws NoUsablePoolException if no pool can serve a family at all
   * @throws PoolExhaustedException if the pools have too few free addresses for the host
   */
  AssignResult autoAssign(AssignRequest request);

  /**
   * Assigns one given address to a handle, with no host: the address's block is used whatever its
   * affinity, and created without affinity if it does not exist.
   *
   * @throws IllegalArgumentException if the handle or attributes are malformed
   * @throws AddressNotInPoolException if no pool contains the address
   * @throws PoolDisabledException if its pool is disabled
   * @throws AddressReservedException if a reservation or the pool's block edges keep it
   * @throws AddressInUseException if it is assigned already
   * @throws AffinityConflictException if affinity is strict: a host-less assignment is then refused
   */
  void assignIp(IpAddress address, String handle, Map<String, String> attributes);

  /**
   * Assigns one given address to a handle, for a host: the address's block is claimed for the host
   * if it does not exist.
   *
   * @throws IllegalArgumentException if the handle, host or attributes are malformed
   * @throws AddressNotInPoolException if no pool contains the address
   * @throws PoolDisabledException if its pool is disabled
   * @throws AddressReservedException if a reservation or the pool's block edges keep it
   * @throws AddressInUseException if it is assigned already
   * @throws AffinityConflictException if affinity is strict and the block is not the host's
   */
  void assignIp(IpAddress address, String handle, Map<String, String> attributes, String host);

  /**
   * Releases addresses, whatever handle holds them. Releasing an address that is not assigned, or
   * not in any pool, does nothing: the call is idempotent. A block left empty with no affinity is
   * deleted.
   *
   * @return the addresses that were assigned and now are not, in the order given
   */
  List<IpAddress> releaseIps(Collection<IpAddress> addresses);

  /**
   * Releases every address of a handle, all at once, without scanning blocks: the handle's record
   * says which blocks hold them. Releasing a handle that holds nothing does nothing.
   *
   * @return the addresses released, in address order
   * @throws IllegalArgumentException if the handle is malformed
   */
  List<IpAddress> releaseByHandle(String handle);

  /**
   * The addresses a handle holds, in address order.
   *
   * @throws IllegalArgumentException if the handle is malformed
   */
  List<IpAddress> ipsByHandle(String handle);

  /** What is recorded for an assigned address, or empty if it is not assigned. */
  Optional<Allocation> allocation(IpAddress address);

  /**
   * Every assigned address, in address order, read block by block: each block's addresses are as
   * one read of it saw them. Reads every block; meant for reports and repair, not for hot paths.
   */
  List<Allocation> allocations();

  /**
   * Releases addresses only while each is still the allocation given: held by the same handle, with
   * the same sequence number. An address released and assigned again since the allocation was read
   * has another sequence number and is left alone, which makes this safe for releasing what an
   * older report found. Releasing an allocation that is gone does nothing.
   *
   * @return the addresses released, in the order given
   */
  List<IpAddress> releaseAllocations(Collection<Allocation> allocations);

  // ---------------------------------------------------------------------------------------------
  // Hosts and blocks.

  /**
   * Gives up every block affinity of a host, for when the host is removed: its empty blocks are
   * deleted, and the others lose their affinity but keep their addresses until released.
   *
   * @return how many affinities were released
   * @throws IllegalArgumentException if the host name is malformed
   */
  int releaseHostAffinities(String host);

  /**
   * The blocks affine to a host, confirmed, in address order.
   *
   * @throws IllegalArgumentException if the host name is malformed
   */
  List<IpPrefix> blocksOf(String host);

  // ---------------------------------------------------------------------------------------------
  // Reports and repair.

  /** How every pool's addresses are used: per pool and per block, in use, reserved and free. */
  IpamUsage usage();

  /**
   * Looks for inconsistencies between blocks, affinities, handles and pools, and reports them
   * without changing anything. Run on a quiet store: an operation in flight may show as an
   * unfinished affinity.
   */
  CheckReport check();

  /**
   * Releases the addresses of every handle that is not live: see {@link
   * #garbageCollect(Predicate)}.
   */
  GcReport garbageCollect(Set<String> liveHandles);

  /**
   * Releases the addresses of every handle that is not live, found by scanning blocks (so that
   * addresses whose handle record is missing are found too), and drops handle records that hold
   * nothing. Each handle is released all or nothing, in one transaction that compares every record
   * it read; just before it, {@code isLive} is asked again, so that a handle that came alive since
   * the scan keeps its addresses.
   */
  GcReport garbageCollect(Predicate<String> isLive);
}
