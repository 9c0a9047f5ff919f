package dev.gingham.datastore.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.KeyExistsException;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.tck.DatastoreTck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Random;

/**
 * The other process of {@link SqliteMultiProcessTest}: opens a store and does one thing to it,
 * printing on stdout what it has committed, one line per commit, after the commit returned.
 *
 * <pre>
 * cas   URI KEY N        creates KEY at 0 if absent, prints "ready", waits for a line on stdin,
 *                        then CAS-increments KEY N times; prints "done CONFLICTS"
 * write URI PREFIX N     puts PREFIX1..PREFIXN with {@link #valueFor} values; prints each number
 * ops   URI PREFIX N     op i deletes PREFIX(i-1) when i % 5 == 0, else puts PREFIXi = "vi";
 *                        prints each revision
 * lease URI KEY TTL_MS   grants a lease, creates KEY on it, prints the lease id, then waits to die
 * </pre>
 */
public final class SqliteChild {
  private SqliteChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    String mode = args[0];
    try (Datastore store = Datastores.open(args[1])) {
      switch (mode) {
        case "cas":
          cas(store, args[2], Integer.parseInt(args[3]), out);
          break;
        case "write":
          write(store, args[2], Integer.parseInt(args[3]), out);
          break;
        case "ops":
          ops(store, args[2], Integer.parseInt(args[3]), out);
          break;
        case "lease":
          lease(store, args[2], Long.parseLong(args[3]), out);
          break;
        default:
          throw new IllegalArgumentException("unknown mode " + mode);
      }
    }
  }

  /**
   * The value {@code write} puts for sequence number {@code i}: every seventh is large (256 KiB to
   * 1 MiB), so that a kill often lands in the middle of writing one; the others are up to 4 KiB.
   */
  static byte[] valueFor(int i) {
    int size = i % 7 == 0 ? 256 * 1024 + (i * 7919) % (768 * 1024) : (i * 131) % 4096;
    byte[] value = new byte[size];
    new Random(i).nextBytes(value);
    return value;
  }

  private static void cas(Datastore store, String key, int increments, PrintStream out)
      throws IOException {
    try {
      store.create(key, "0".getBytes(UTF_8));
    } catch (KeyExistsException e) {
      // Another process made it first.
    }
    out.println("ready");
    out.flush();
    // Start together with the other processes, so that they contend from the first increment.
    new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
    int conflicts = 0;
    for (int i = 0; i < increments; i++) {
      conflicts += DatastoreTck.casIncrement(store, key);
    }
    out.println("done " + conflicts);
    out.flush();
  }

  private static void write(Datastore store, String prefix, int count, PrintStream out) {
    for (int i = 1; i <= count; i++) {
      store.put(prefix + i, valueFor(i));
      out.println(i);
      out.flush();
    }
  }

  private static void ops(Datastore store, String prefix, int count, PrintStream out) {
    for (int i = 1; i <= count; i++) {
      long revision;
      if (i % 5 == 0) {
        store.delete(prefix + (i - 1), store.get(prefix + (i - 1)).orElseThrow().modRevision());
        revision = store.currentRevision();
      } else {
        revision = store.put(prefix + i, ("v" + i).getBytes(UTF_8)).modRevision();
      }
      out.println(revision);
      out.flush();
    }
  }

  private static void lease(Datastore store, String key, long ttlMillis, PrintStream out)
      throws InterruptedException {
    Lease lease = store.grantLease(Duration.ofMillis(ttlMillis));
    store.create(key, "held".getBytes(UTF_8), lease.id());
    out.println(lease.id());
    out.flush();
    Thread.sleep(Duration.ofMinutes(10).toMillis());
  }
}
