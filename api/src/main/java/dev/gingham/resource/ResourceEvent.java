package dev.gingham.resource;

/** A change seen by a {@link ResourceWatch}. */
public sealed interface ResourceEvent
    permits ResourceEvent.Put,
        ResourceEvent.Deleted,
        ResourceEvent.Invalid,
        ResourceEvent.ResyncRequired {

  /** The store revision of the change. */
  long revision();

  /**
   * A resource was created or changed.
   *
   * @param resource the resource as written; its resource version is the event's revision
   */
  record Put(Resource<?> resource) implements ResourceEvent {
    @Override
    public long revision() {
      return resource.metadata().resourceVersion();
    }
  }

  /**
   * A resource was deleted.
   *
   * @param id the resource
   * @param revision the revision of the delete
   */
  record Deleted(ResourceId id, long revision) implements ResourceEvent {}

  /**
   * A record of a watched kind was written that does not decode (written by hand, or by a newer
   * version). The watch goes on; what the resource was before stays as it was.
   *
   * @param key the datastore key
   * @param revision the revision of the write
   * @param problem what is wrong
   */
  record Invalid(String key, long revision, String problem) implements ResourceEvent {}

  /**
   * The watch cannot go on without a gap, so it ends: list again, and watch from the listing's
   * revision. Always the last event of a watch.
   *
   * @param revision the first revision the watch could not deliver
   * @param reason why
   */
  record ResyncRequired(long revision, Reason reason) implements ResourceEvent {

    /** Why a watch needs a resync. */
    public enum Reason {
      /** The history the watch needed was compacted away. */
      COMPACTED,
      /** The listener fell further behind than the store buffers for it. */
      SLOW_CONSUMER
    }
  }
}
