package dev.gingham.spi.datastore;

/** A change seen by a {@link Watch}. */
public sealed interface WatchEvent
    permits WatchEvent.Put, WatchEvent.Delete, WatchEvent.ResyncRequired {

  /** The revision of the change. */
  long revision();

  /**
   * A key was created or written.
   *
   * @param keyValue the key as written; its modification revision is the event's revision
   */
  record Put(KeyValue keyValue) implements WatchEvent {
    @Override
    public long revision() {
      return keyValue.modRevision();
    }
  }

  /**
   * A key was deleted, by a write or because its lease ended.
   *
   * @param key the key
   * @param revision the revision of the delete
   */
  record Delete(String key, long revision) implements WatchEvent {}

  /**
   * The watch cannot go on without a gap, so it ends: the watcher must list again and watch from
   * the listing's revision. This is always the last event of a watch.
   *
   * @param revision the first revision the watch could not deliver
   * @param reason why
   */
  record ResyncRequired(long revision, Reason reason) implements WatchEvent {

    /** Why a watch needs a resync. */
    public enum Reason {
      /** The history the watch needed was compacted away. */
      COMPACTED,
      /** The listener fell further behind than the store buffers for it. */
      SLOW_CONSUMER
    }
  }
}
