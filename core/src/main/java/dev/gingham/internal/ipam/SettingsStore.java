package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.ConfigCodec;
import dev.gingham.internal.ipam.codec.EpochCodec;
import dev.gingham.internal.ipam.codec.MalformedRecordException;
import dev.gingham.internal.ipam.codec.PoolCodec;
import dev.gingham.internal.ipam.codec.ReservationCodec;
import dev.gingham.ipam.ConflictException;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.ipam.IpamDataException;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the settings (pools, reservations, configuration) and writes them, keeping the settings
 * epoch: every write of a settings record writes the epoch record too, in one transaction that
 * compares its revision, so that the epoch's revision stands for all of them. Reading costs one get
 * of the epoch while nothing changed. Thread-safe.
 */
final class SettingsStore {
  private final Datastore store;
  private final Attempts attempts;
  private volatile Settings cached = Settings.empty();

  SettingsStore(Datastore store, Attempts attempts) {
    this.store = store;
    this.attempts = attempts;
  }

  /**
   * The settings as last read, without asking the store, or as they are now if they were never
   * read. For an optimistic attempt: whatever it decides is written in a transaction that compares
   * the epoch these settings were read at.
   *
   * @throws IpamDataException if a settings record does not decode
   */
  Settings known() {
    Settings known = cached;
    return known.revision() != 0 ? known : current();
  }

  /**
   * The settings as they are now.
   *
   * @throws IpamDataException if a settings record does not decode
   */
  Settings current() {
    for (int attempt = 1; ; attempt++) {
      KeyValue epoch = store.get(IpamKeys.SETTINGS).orElse(null);
      long revision = epoch == null ? 0 : epoch.modRevision();
      Settings known = cached;
      if (known.revision() == revision) {
        return known;
      }
      Settings loaded = load(epoch);
      // The records were read one after another: they belong together only if the epoch held.
      long after = store.get(IpamKeys.SETTINGS).map(KeyValue::modRevision).orElse(0L);
      if (after == revision) {
        cached = loaded;
        return loaded;
      }
      attempts.backoff(attempt, () -> "reading the IPAM settings");
    }
  }

  private Settings load(@Nullable KeyValue epochRecord) {
    long epoch = epochRecord == null ? 0 : decode(epochRecord, EpochCodec::decode);
    List<Versioned<IpPool>> pools = new ArrayList<>();
    for (KeyValue kv : store.listAll(IpamKeys.POOLS).items()) {
      IpPool pool = decode(kv, PoolCodec::decode);
      requireKey(kv, IpamKeys.pool(pool.name()));
      pools.add(new Versioned<>(kv.key(), kv.modRevision(), pool));
    }
    KeyValue configKv = store.get(IpamKeys.CONFIG).orElse(null);
    Versioned<IpamConfig> config =
        configKv == null
            ? null
            : new Versioned<>(
                configKv.key(), configKv.modRevision(), decode(configKv, ConfigCodec::decode));
    List<Versioned<IpReservation>> reservations = new ArrayList<>();
    for (KeyValue kv : store.listAll(IpamKeys.RESERVATIONS).items()) {
      IpReservation r = decode(kv, ReservationCodec::decode);
      requireKey(kv, IpamKeys.reservation(r.name()));
      reservations.add(new Versioned<>(kv.key(), kv.modRevision(), r));
    }
    return new Settings(
        epochRecord == null ? 0 : epochRecord.modRevision(), epoch, pools, config, reservations);
  }

  static <T> T decode(KeyValue kv, Function<InputStream, T> decoder) {
    try {
      return decoder.apply(kv.valueStream());
    } catch (MalformedRecordException e) {
      throw new IpamDataException(kv.key(), e.getMessage(), e);
    }
  }

  static void requireKey(KeyValue kv, String expected) {
    if (!kv.key().equals(expected)) {
      throw new IpamDataException(kv.key(), "it holds the record of " + expected);
    }
  }

  /**
   * One change of one settings record.
   *
   * @param key the record's key
   * @param expectedRevision the revision it was read at, 0 when absent
   * @param value the new value, or null to delete it
   */
  record Change(String key, long expectedRevision, byte @Nullable [] value) {}

  /**
   * Changes a settings record, deciding from the settings as they are: the decision is taken again
   * from a fresh read whenever another writer got there first.
   *
   * @param what what is being done, for a {@link ConflictException}
   * @param decide returns the change, or null when there is nothing to do; may throw to refuse
   * @return the settings the change was decided from
   */
  Settings write(String what, Function<Settings, @Nullable Change> decide) {
    for (int attempt = 1; ; attempt++) {
      Settings s = current();
      Change change = decide.apply(s);
      if (change == null) {
        return s;
      }
      Op op =
          change.value() == null
              ? Op.delete(change.key())
              : new Op.Put(change.key(), change.value(), Lease.NONE);
      Txn txn =
          Txn.builder()
              .compare(
                  Records.at(IpamKeys.SETTINGS, s.revision()),
                  Records.at(change.key(), change.expectedRevision()))
              .onSuccess(
                  op, new Op.Put(IpamKeys.SETTINGS, EpochCodec.encode(s.epoch() + 1), Lease.NONE))
              .build();
      if (store.txn(txn).succeeded()) {
        return s;
      }
      attempts.backoff(attempt, () -> what);
    }
  }

  /** The ops that bump the epoch, for a transaction that changes settings with other records. */
  static Op bumpEpoch(Settings s) {
    return new Op.Put(IpamKeys.SETTINGS, EpochCodec.encode(s.epoch() + 1), Lease.NONE);
  }
}
