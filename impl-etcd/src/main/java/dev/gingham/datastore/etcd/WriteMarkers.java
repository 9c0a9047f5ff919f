package dev.gingham.datastore.etcd;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The marker slots of one store, which make the outcome of a write knowable when etcd's answer is
 * lost.
 *
 * <p>A write that is marked carries, in the same etcd transaction, a compare that this store's
 * marker key of a slot is still at the revision the store last saw, and a put of a fresh token to
 * it. A marker key lies in the namespace's marker area (see {@link KeySpace#marker}), out of sight
 * of callers, and is written by no one but this store, one write at a time per slot. So when an
 * answer is lost, the store <em>settles</em> the write: it tries to move the marker itself. If that
 * works, the lost write can never apply (its compare on the marker now fails for ever), and it is
 * sent again. If the marker moved already, the lost write did apply, at the revision the marker
 * shows. Either way the caller hears the truth, where an unmarked write could only be reported as
 * "may or may not have been applied".
 *
 * <p>Only transactions whose success branch puts a key are marked: a put moves the revision anyway,
 * while marking a delete of an absent key would move it where etcd does not. A slot whose state
 * became unknown (etcd stayed out of reach while it was settled) is dropped, never reused. The
 * marker keys are deleted when the store closes; a store that dies leaves one small key per slot
 * behind. Thread-safe.
 */
final class WriteMarkers {
  /** Room left in a request for the marker's compare, put and get. */
  private static final int MARKER_OPS = 3;

  private static final int MARKER_BYTES = 1_024;

  private final KeySpace keys;
  private final String client;
  private final ConcurrentLinkedQueue<Slot> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger slots = new AtomicInteger();
  private final AtomicLong tokens = new AtomicLong();

  WriteMarkers(KeySpace keys) {
    this.keys = keys;
    byte[] id = new byte[12];
    new SecureRandom().nextBytes(id);
    this.client = HexFormat.of().formatHex(id);
  }

  /** Whether a transaction is marked: it puts a key, and has room for the marker. */
  static boolean marks(Txn txn) {
    int ops = txn.compares().size() + txn.onSuccess().size() + txn.onFailure().size();
    if (ops + MARKER_OPS > Datastore.MAX_TXN_OPS) {
      return false;
    }
    boolean puts = false;
    long bytes = 0;
    for (Op op : txn.onSuccess()) {
      bytes += op.key().length() * 3L;
      if (op instanceof Op.Put) {
        puts = true;
        bytes += ((Op.Put) op).value().length;
      }
    }
    for (Op op : txn.onFailure()) {
      bytes += op.key().length() * 3L;
      if (op instanceof Op.Put) {
        bytes += ((Op.Put) op).value().length;
      }
    }
    return puts && bytes + MARKER_BYTES <= Datastore.MAX_TXN_BYTES;
  }

  /** A slot for one write, taken from the free ones or made. */
  Slot take() {
    Slot slot = free.poll();
    return slot != null ? slot : new Slot(keys.marker(client + "/" + slots.getAndIncrement()));
  }

  /** Gives a slot back, unless its state is unknown. */
  void give(Slot slot) {
    if (!slot.lost) {
      free.add(slot);
    }
  }

  /** A value never written to any marker before: a write's token, or a settlement's seal. */
  ByteSequence token(String kind) {
    return ByteSequence.from(kind + tokens.incrementAndGet(), StandardCharsets.UTF_8);
  }

  /** Where this store's marker keys lie: deleted as one range when the store closes. */
  ByteSequence area() {
    return keys.marker(client + "/");
  }

  /** Whether any slot was ever made. */
  boolean used() {
    return slots.get() > 0;
  }

  /** One marker key and the revision it was last seen at (0: never written). */
  static final class Slot {
    final ByteSequence key;
    long modRevision;
    boolean lost;

    Slot(ByteSequence key) {
      this.key = key;
    }
  }
}
