package dev.gingham.datastore.etcd;

import dev.gingham.datastore.etcd.CallFailure.Kind;
import dev.gingham.datastore.etcd.WriteMarkers.Slot;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs marked writes (see {@link WriteMarkers}): a write whose answer is lost is settled, and then
 * either sent again, because it provably did not apply, or answered with what it did, because it
 * provably did. Only when etcd stays out of reach for the rest of the request timeout does the
 * caller hear "may or may not have been applied".
 */
final class MarkedWrites {
  private final KV kv;
  private final TxnMapper mapper;
  private final Calls calls;
  private final WriteMarkers markers;
  private final KeySpace keys;

  MarkedWrites(KV kv, TxnMapper mapper, Calls calls, WriteMarkers markers, KeySpace keys) {
    this.kv = kv;
    this.mapper = mapper;
    this.calls = calls;
    this.markers = markers;
    this.keys = keys;
  }

  /**
   * Runs a write transaction that {@link WriteMarkers#marks} accepts.
   *
   * @throws CallFailure for a failure other than a lost answer (a lease etcd does not know, a
   *     refusal), which the caller translates; nothing was written then
   * @throws DatastoreUnavailableException if etcd stayed out of reach, so that the write's fate is
   *     unknown
   */
  TxnResult run(Txn txn, @Nullable String key) {
    Slot slot = markers.take();
    try {
      long deadline = calls.deadline();
      int attempt = 0;
      while (true) {
        ByteSequence token = markers.token("t");
        long expected = slot.modRevision;
        TxnResponse response;
        try {
          response =
              calls.once(
                  () -> mapper.fill(kv.txn(), txn, slot.key, expected, token).commit(), deadline);
        } catch (CallFailure f) {
          if (f.kind() == Kind.NOT_APPLIED && Calls.pause(deadline, attempt++)) {
            continue;
          }
          if (f.kind() != Kind.UNAVAILABLE) {
            throw f;
          }
          long applied = settle(slot, expected, token, deadline, f, key);
          if (applied > 0) {
            return reconstruct(txn, applied, key);
          }
          continue; // Provably not applied, and never will be: send it again.
        }
        if (response.isSucceeded()) {
          slot.modRevision = response.getHeader().getRevision();
        } else {
          requireMarkerAt(slot, expected, response);
        }
        return mapper.result(txn, response);
      }
    } finally {
      markers.give(slot);
    }
  }

  /**
   * Settles a write whose answer was lost: moves the marker if it is where the write expected it
   * (then the write can never apply), or finds that the write moved it.
   *
   * @return the revision the write applied at, or 0 if it did not and never will
   */
  private long settle(
      Slot slot,
      long expected,
      ByteSequence token,
      long deadline,
      CallFailure cause,
      @Nullable String key) {
    ByteSequence seal = markers.token("s");
    int attempt = 0;
    while (true) {
      TxnResponse response;
      try {
        response =
            calls.once(
                () ->
                    kv.txn()
                        .If(new Cmp(slot.key, Cmp.Op.EQUAL, CmpTarget.modRevision(expected)))
                        .Then(io.etcd.jetcd.op.Op.put(slot.key, seal, PutOption.DEFAULT))
                        .Else(io.etcd.jetcd.op.Op.get(slot.key, GetOption.DEFAULT))
                        .commit(),
                deadline);
      } catch (CallFailure f) {
        if ((f.kind() == Kind.UNAVAILABLE || f.kind() == Kind.NOT_APPLIED)
            && Calls.pause(deadline, attempt++)) {
          continue;
        }
        slot.lost = true;
        throw new DatastoreUnavailableException(
            calls.target()
                + " did not complete the transaction"
                + (key == null ? "" : " of '" + key + "'")
                + " within "
                + calls.timeout().toMillis()
                + "ms; it may or may not have been applied ("
                + cause.getMessage()
                + ", then "
                + f.getMessage()
                + ")",
            f);
      }
      if (response.isSucceeded()) {
        slot.modRevision = response.getHeader().getRevision();
        return 0;
      }
      io.etcd.jetcd.KeyValue marker = onlyKv(response.getGetResponses().get(0));
      if (marker == null) {
        slot.lost = true;
        throw new DatastoreException(
            calls.target() + ": a write marker of this store vanished; was it deleted by hand?");
      }
      slot.modRevision = marker.getModRevision();
      if (marker.getValue().equals(token)) {
        return marker.getModRevision();
      }
      if (marker.getValue().equals(seal)) {
        return 0; // An earlier try of this settlement moved it.
      }
      slot.lost = true;
      throw new DatastoreException(
          calls.target()
              + ": a write marker of this store holds a value it never wrote; is another process"
              + " writing the marker area?");
    }
  }

  /** Checks, after a failed compare, that the marker is where this store left it. */
  private void requireMarkerAt(Slot slot, long expected, TxnResponse response) {
    List<GetResponse> gets = response.getGetResponses();
    io.etcd.jetcd.KeyValue marker = onlyKv(gets.get(gets.size() - 1));
    long actual = marker == null ? 0 : marker.getModRevision();
    if (actual != expected) {
      slot.lost = true;
      throw new DatastoreException(
          calls.target()
              + ": a write marker of this store is at revision "
              + actual
              + ", not "
              + expected
              + "; is another process writing the marker area?");
    }
  }

  /**
   * The result a transaction that applied at {@code revision} would have had: puts wrote, deletes
   * removed what existed just before, and gets read what the branch had written by then.
   */
  private TxnResult reconstruct(Txn txn, long revision, @Nullable String key) {
    List<TxnResult.OpResult> results = new ArrayList<>();
    Set<String> written = new HashSet<>();
    for (Op op : txn.onSuccess()) {
      if (op instanceof Op.Put) {
        results.add(new TxnResult.Written());
        written.add(op.key());
      } else if (op instanceof Op.Delete) {
        results.add(new TxnResult.Deleted(readAt(op.key(), revision - 1, revision, key) != null));
        written.add(op.key());
      } else {
        long at = written.contains(op.key()) ? revision : revision - 1;
        results.add(new TxnResult.Found(readAt(op.key(), at, revision, key)));
      }
    }
    return new TxnResult(true, revision, results);
  }

  private @Nullable KeyValue readAt(String key, long at, long applied, @Nullable String txnKey) {
    try {
      GetResponse response =
          calls.read(
              "read at revision " + at,
              key,
              () -> kv.get(keys.key(key), GetOption.builder().withRevision(at).build()),
              EnumSet.of(Kind.COMPACTED),
              calls.timeout());
      io.etcd.jetcd.KeyValue kv = onlyKv(response);
      return kv == null ? null : mapper.keyValue(kv);
    } catch (CallFailure f) {
      throw new DatastoreException(
          calls.target()
              + ": the transaction"
              + (txnKey == null ? "" : " of '" + txnKey + "'")
              + " was applied at revision "
              + applied
              + " (its answer was lost), but what it read is compacted away",
          f);
    }
  }

  private static io.etcd.jetcd.@Nullable KeyValue onlyKv(GetResponse response) {
    return response.getKvs().isEmpty() ? null : response.getKvs().get(0);
  }
}
