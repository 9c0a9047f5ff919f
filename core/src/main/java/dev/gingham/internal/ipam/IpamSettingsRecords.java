package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.ConfigCodec;
import dev.gingham.internal.ipam.codec.PoolCodec;
import dev.gingham.internal.ipam.codec.ReservationCodec;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.ipam.IpamDataException;
import dev.gingham.spi.datastore.KeyValue;

/**
 * Where IPAM keeps its settings (pools, reservations, the configuration and the epoch that stands
 * for them), and their decoders: for other parts of core that present these records in their own
 * terms, such as the resource store. Thread-safe: stateless.
 */
public final class IpamSettingsRecords {
  /** Everything IPAM keeps lies under this prefix. */
  public static final String ROOT = IpamKeys.ROOT;

  /** The prefix of the pool records. */
  public static final String POOLS = IpamKeys.POOLS;

  /** The prefix of the reservation records. */
  public static final String RESERVATIONS = IpamKeys.RESERVATIONS;

  /** The configuration's key. */
  public static final String CONFIG = IpamKeys.CONFIG;

  /** The settings epoch's key. */
  public static final String SETTINGS = IpamKeys.SETTINGS;

  private IpamSettingsRecords() {}

  /** The key of a pool's record. */
  public static String poolKey(String name) {
    return IpamKeys.pool(name);
  }

  /** The key of a reservation's record. */
  public static String reservationKey(String name) {
    return IpamKeys.reservation(name);
  }

  /**
   * Whether a key holds a settings record (a pool, a reservation, the configuration or the epoch)
   * rather than allocation state (blocks, affinities, handles).
   */
  public static boolean isSettingsKey(String key) {
    return key.startsWith(POOLS)
        || key.startsWith(RESERVATIONS)
        || key.equals(CONFIG)
        || key.equals(SETTINGS);
  }

  /**
   * Decodes a pool record.
   *
   * @throws IpamDataException if it does not decode, or its key names another pool
   */
  public static IpPool pool(KeyValue kv) {
    IpPool pool = SettingsStore.decode(kv, PoolCodec::decode);
    SettingsStore.requireKey(kv, poolKey(pool.name()));
    return pool;
  }

  /**
   * Decodes a reservation record.
   *
   * @throws IpamDataException if it does not decode, or its key names another reservation
   */
  public static IpReservation reservation(KeyValue kv) {
    IpReservation r = SettingsStore.decode(kv, ReservationCodec::decode);
    SettingsStore.requireKey(kv, reservationKey(r.name()));
    return r;
  }

  /**
   * Decodes the configuration record.
   *
   * @throws IpamDataException if it does not decode
   */
  public static IpamConfig config(KeyValue kv) {
    return SettingsStore.decode(kv, ConfigCodec::decode);
  }
}
