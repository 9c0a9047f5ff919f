package dev.gingham.datastore.etcd;

import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps an SPI transaction onto one etcd transaction, and etcd's answer back. The two models are the
 * same (etcd's), so the mapping is literal: a compare on a mod revision, where an absent key has
 * revision 0, is etcd's compare on {@code mod_revision}; puts, deletes and gets are etcd's request
 * ops, run in order, with gets seeing the writes before them.
 */
final class TxnMapper {
  private final KeySpace keys;

  TxnMapper(KeySpace keys) {
    this.keys = keys;
  }

  /** Fills a jetcd transaction with the compares and both branches. */
  io.etcd.jetcd.Txn fill(io.etcd.jetcd.Txn etcd, Txn txn) {
    return etcd.If(compares(txn, 0)).Then(ops(txn.onSuccess(), 0)).Else(ops(txn.onFailure(), 0));
  }

  /**
   * Fills a jetcd transaction with the compares and both branches, and a marker (see {@link
   * WriteMarkers}): a compare that the marker is at {@code markerRevision}, a put of {@code token}
   * after the success branch, and a get of the marker after the failure branch. The results of the
   * caller's operations come first, so {@link #result} reads them as if the marker were not there.
   */
  io.etcd.jetcd.Txn fill(
      io.etcd.jetcd.Txn etcd,
      Txn txn,
      ByteSequence marker,
      long markerRevision,
      ByteSequence token) {
    Cmp[] cmps = compares(txn, 1);
    cmps[cmps.length - 1] = new Cmp(marker, Cmp.Op.EQUAL, CmpTarget.modRevision(markerRevision));
    io.etcd.jetcd.op.Op[] success = ops(txn.onSuccess(), 1);
    success[success.length - 1] = io.etcd.jetcd.op.Op.put(marker, token, PutOption.DEFAULT);
    io.etcd.jetcd.op.Op[] failure = ops(txn.onFailure(), 1);
    failure[failure.length - 1] = io.etcd.jetcd.op.Op.get(marker, GetOption.DEFAULT);
    return etcd.If(cmps).Then(success).Else(failure);
  }

  private Cmp[] compares(Txn txn, int extra) {
    Cmp[] cmps = new Cmp[txn.compares().size() + extra];
    for (int i = 0; i < txn.compares().size(); i++) {
      Compare c = txn.compares().get(i);
      cmps[i] =
          new Cmp(keys.key(c.key()), operator(c.operator()), CmpTarget.modRevision(c.revision()));
    }
    return cmps;
  }

  /** The SPI's result of an etcd answer to {@link #fill}'s transaction. */
  TxnResult result(Txn txn, TxnResponse response) {
    List<Op> branch = response.isSucceeded() ? txn.onSuccess() : txn.onFailure();
    Iterator<GetResponse> gets = response.getGetResponses().iterator();
    Iterator<DeleteResponse> deletes = response.getDeleteResponses().iterator();
    List<TxnResult.OpResult> results = new ArrayList<>(branch.size());
    for (Op op : branch) {
      if (op instanceof Op.Get) {
        List<io.etcd.jetcd.KeyValue> kvs = gets.next().getKvs();
        results.add(new TxnResult.Found(kvs.isEmpty() ? null : keyValue(kvs.get(0))));
      } else if (op instanceof Op.Delete) {
        results.add(new TxnResult.Deleted(deletes.next().getDeleted() > 0));
      } else {
        results.add(new TxnResult.Written());
      }
    }
    return new TxnResult(response.isSucceeded(), response.getHeader().getRevision(), results);
  }

  /** The SPI's view of a key read from etcd. */
  KeyValue keyValue(io.etcd.jetcd.KeyValue kv) {
    return KeyValue.wrap(
        keys.decode(kv.getKey()),
        kv.getValue().getBytes(),
        kv.getCreateRevision(),
        kv.getModRevision(),
        kv.getVersion(),
        kv.getLease());
  }

  /**
   * Whether a transaction can be sent again after an attempt whose fate is unknown, without ever
   * being applied twice: its success branch writes a key that a compare requires to be at one
   * exact, existing revision (a write moves that key to a later revision for good, so a repeat
   * fails the compare), and its failure branch writes nothing (so that such a failing repeat
   * changes nothing). A create (revision 0) is not: between a first attempt and its repeat, another
   * writer may have deleted the key again.
   */
  static boolean replaySafe(Txn txn) {
    for (Op op : txn.onFailure()) {
      if (!(op instanceof Op.Get)) {
        return false;
      }
    }
    for (Compare c : txn.compares()) {
      if (c.operator() == Compare.Operator.EQUAL && c.revision() > 0) {
        for (Op op : txn.onSuccess()) {
          if (!(op instanceof Op.Get) && op.key().equals(c.key())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The distinct leases the puts of a transaction name, in order. */
  static Set<Long> leases(Txn txn) {
    Set<Long> leases = new TreeSet<>();
    for (List<Op> branch : List.of(txn.onSuccess(), txn.onFailure())) {
      for (Op op : branch) {
        if (op instanceof Op.Put && ((Op.Put) op).leaseId() != Lease.NONE) {
          leases.add(((Op.Put) op).leaseId());
        }
      }
    }
    return leases;
  }

  private io.etcd.jetcd.op.Op[] ops(List<Op> ops, int extra) {
    io.etcd.jetcd.op.Op[] out = new io.etcd.jetcd.op.Op[ops.size() + extra];
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      ByteSequence key = keys.key(op.key());
      if (op instanceof Op.Put) {
        Op.Put put = (Op.Put) op;
        out[i] =
            io.etcd.jetcd.op.Op.put(
                key,
                ByteSequence.from(put.value()),
                put.leaseId() == Lease.NONE
                    ? PutOption.DEFAULT
                    : PutOption.builder().withLeaseId(put.leaseId()).build());
      } else if (op instanceof Op.Delete) {
        out[i] = io.etcd.jetcd.op.Op.delete(key, DeleteOption.DEFAULT);
      } else {
        out[i] = io.etcd.jetcd.op.Op.get(key, GetOption.DEFAULT);
      }
    }
    return out;
  }

  private static Cmp.Op operator(Compare.Operator operator) {
    switch (operator) {
      case EQUAL:
        return Cmp.Op.EQUAL;
      case NOT_EQUAL:
        return Cmp.Op.NOT_EQUAL;
      case LESS:
        return Cmp.Op.LESS;
      case GREATER:
        return Cmp.Op.GREATER;
      default:
        throw new IllegalArgumentException("unknown compare operator " + operator);
    }
  }
}
