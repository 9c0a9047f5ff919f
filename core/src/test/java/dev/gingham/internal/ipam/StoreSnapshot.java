package dev.gingham.internal.ipam;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import java.util.List;

/** Every key of a store with its revisions, to show that an operation changed nothing. */
record StoreSnapshot(long revision, List<KeyValue> items) {
  static StoreSnapshot of(Datastore store) {
    return new StoreSnapshot(store.currentRevision(), store.listAll("").items());
  }
}
