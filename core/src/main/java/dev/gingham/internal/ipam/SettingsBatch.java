package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.ConfigCodec;
import dev.gingham.internal.ipam.codec.PoolCodec;
import dev.gingham.internal.ipam.codec.ReservationCodec;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.ipam.IpamNames;
import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Changes to IPAM's settings (pools, reservations, the configuration), decided from one read of
 * them and written by the caller in a transaction of its own, next to records of its own: how the
 * resource store writes a file of pools and policies all or nothing. IPAM's rules hold as they do
 * for {@link dev.gingham.ipam.Ipam}: pools do not overlap (each other or the batch's), and a pool's
 * CIDR and block size never change. The transaction compares the settings epoch and every record
 * changed, and bumps the epoch, as every settings write does.
 *
 * <p>Deleting a pool is not offered: it empties the pool's blocks in steps of its own ({@link
 * dev.gingham.ipam.Ipam#deletePool}). Not thread-safe; one batch serves one transaction.
 */
public final class SettingsBatch {
  private final Settings settings;
  private final TreeMap<String, IpPool> pools = new TreeMap<>();
  private final Map<String, SettingsStore.Change> changes = new LinkedHashMap<>();

  private SettingsBatch(Settings settings) {
    this.settings = settings;
    for (IpPool p : settings.pools()) {
      pools.put(p.name(), p);
    }
  }

  /**
   * Reads the settings as they are now.
   *
   * @throws dev.gingham.ipam.IpamDataException if a settings record does not decode
   */
  public static SettingsBatch read(Datastore store) {
    return new SettingsBatch(new SettingsStore(store, new Attempts()).current());
  }

  /** The pool as read, or empty. */
  public Optional<IpPool> pool(String name) {
    Versioned<IpPool> v = settings.poolRecord(name);
    return v == null ? Optional.empty() : Optional.of(v.value());
  }

  /** The revision of the pool's record as read; 0 when absent. */
  public long poolRevision(String name) {
    return Records.revisionOf(settings.poolRecord(name));
  }

  /** Every pool as read, in name order. */
  public List<IpPool> pools() {
    return settings.pools();
  }

  /** The reservation as read, or empty. */
  public Optional<IpReservation> reservation(String name) {
    Versioned<IpReservation> v = settings.reservationRecord(name);
    return v == null ? Optional.empty() : Optional.of(v.value());
  }

  /** The revision of the reservation's record as read; 0 when absent. */
  public long reservationRevision(String name) {
    return Records.revisionOf(settings.reservationRecord(name));
  }

  /** Every reservation as read, with its revision, in name order. */
  public List<IpReservation> reservations() {
    List<IpReservation> out = new ArrayList<>();
    for (Versioned<IpReservation> r : settings.reservationRecords()) {
      out.add(r.value());
    }
    return out;
  }

  /** The configuration record as read, or empty when there is none (the defaults apply). */
  public Optional<IpamConfig> config() {
    return settings.configRevision() == 0 ? Optional.empty() : Optional.of(settings.config());
  }

  /** The revision of the configuration record as read; 0 when absent. */
  public long configRevision() {
    return settings.configRevision();
  }

  /**
   * Creates or replaces a pool.
   *
   * @throws dev.gingham.ipam.InvalidPoolException if it overlaps another pool, or changes the CIDR
   *     or block size of the pool it replaces
   * @throws IllegalArgumentException if the batch changes this pool already
   */
  public void putPool(IpPool pool) {
    Objects.requireNonNull(pool, "pool");
    String key = IpamKeys.pool(pool.name());
    requireOnce(key);
    Versioned<IpPool> current = settings.poolRecord(pool.name());
    if (current != null) {
      Pools.requireCompatible(current.value(), pool);
    }
    Pools.requireNoOverlap(pool, pools.values());
    pools.put(pool.name(), pool);
    if (current == null || !current.value().equals(pool)) {
      changes.put(
          key, new SettingsStore.Change(key, Records.revisionOf(current), PoolCodec.encode(pool)));
    }
  }

  /** Creates or replaces a reservation. */
  public void putReservation(IpReservation reservation) {
    Objects.requireNonNull(reservation, "reservation");
    String key = IpamKeys.reservation(reservation.name());
    requireOnce(key);
    Versioned<IpReservation> current = settings.reservationRecord(reservation.name());
    if (current == null || !current.value().equals(reservation)) {
      changes.put(
          key,
          new SettingsStore.Change(
              key, Records.revisionOf(current), ReservationCodec.encode(reservation)));
    }
  }

  /** Deletes a reservation, if it exists. */
  public void deleteReservation(String name) {
    IpamNames.requireResourceName("reservation name", name);
    String key = IpamKeys.reservation(name);
    requireOnce(key);
    Versioned<IpReservation> current = settings.reservationRecord(name);
    if (current != null) {
      changes.put(key, new SettingsStore.Change(key, current.revision(), null));
    }
  }

  /** Sets the configuration. */
  public void putConfig(IpamConfig config) {
    Objects.requireNonNull(config, "config");
    requireOnce(IpamKeys.CONFIG);
    if (settings.configRevision() == 0 || !settings.config().equals(config)) {
      changes.put(
          IpamKeys.CONFIG,
          new SettingsStore.Change(
              IpamKeys.CONFIG, settings.configRevision(), ConfigCodec.encode(config)));
    }
  }

  /** Deletes the configuration record, so that the defaults apply. */
  public void deleteConfig() {
    requireOnce(IpamKeys.CONFIG);
    if (settings.configRevision() != 0) {
      changes.put(
          IpamKeys.CONFIG,
          new SettingsStore.Change(IpamKeys.CONFIG, settings.configRevision(), null));
    }
  }

  private void requireOnce(String key) {
    if (changes.containsKey(key)) {
      throw new IllegalArgumentException("the batch changes " + key + " twice");
    }
  }

  /** Whether the batch writes nothing: every change said what the store holds already. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** The compares the transaction needs: the epoch and every changed record, as read. */
  public List<Compare> compares() {
    if (changes.isEmpty()) {
      return List.of();
    }
    List<Compare> out = new ArrayList<>(changes.size() + 1);
    out.add(Records.at(IpamKeys.SETTINGS, settings.revision()));
    for (SettingsStore.Change c : changes.values()) {
      out.add(Records.at(c.key(), c.expectedRevision()));
    }
    return out;
  }

  /** The writes: every change, then the epoch's bump. */
  public List<Op> ops() {
    if (changes.isEmpty()) {
      return List.of();
    }
    List<Op> out = new ArrayList<>(changes.size() + 1);
    for (SettingsStore.Change c : changes.values()) {
      byte @Nullable [] value = c.value();
      out.add(value == null ? Op.delete(c.key()) : new Op.Put(c.key(), value, Lease.NONE));
    }
    out.add(SettingsStore.bumpEpoch(settings));
    return out;
  }
}
