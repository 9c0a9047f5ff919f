package dev.gingham.cni.plugin;

import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.ErrorCodes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The per-host lock that serialises IPAM claims, as Calico's {@code /var/run/calico/ipam.lock}
 * does: processes that claim at once would otherwise race for the same block and retry on
 * conflicts. The plugins take it for every write to the datastore (IPAM, endpoints), each held
 * briefly, never across the dataplane work. An exclusive {@code flock}-style lock on a file; the
 * kernel drops it when the process dies, so a killed plugin never wedges the host.
 *
 * <p>Waiting for the lock is bounded by {@code maxWait}; the operation's own timeout is measured
 * from the moment the lock is held ({@link Held#call}, which enforces it), so that a plugin queued
 * behind fifty others does not time out before it has begun.
 *
 * <p>Waiting is fair, first come first served as far as the kernel allows: a waiter blocks in the
 * kernel ({@code fcntl(F_SETLKW)}, which queues each new waiter behind the ones already blocked and
 * wakes them one after another) instead of polling, since a poller under load may keep missing the
 * moments the lock is free while others take it. Waiters inside one process (the delegate server's
 * threads) queue first on a fair in-process semaphore, because the JVM refuses a second lock on a
 * file it already locks rather than blocking.
 */
public final class HostLock {
  /** Where the lock lives unless {@code GINGHAM_IPAM_LOCK} names another file. */
  public static final Path DEFAULT_PATH = Path.of("/run/gingham/ipam.lock");

  /** One fair queue per lock file for the threads of this process; never removed (a few paths). */
  private static final ConcurrentMap<Path, Semaphore> LOCAL = new ConcurrentHashMap<>();

  private HostLock() {}

  /** A held lock; close it to release. */
  public static final class Held implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final Semaphore local;
    private final long deadline;
    private boolean closed;
    // The work of the last call; still running at close only if it outlived the timeout.
    private @Nullable FutureTask<?> last;

    private Held(FileChannel channel, FileLock lock, Semaphore local, long deadline) {
      this.channel = channel;
      this.lock = lock;
      this.local = local;
      this.deadline = deadline;
    }

    /** When the operation under the lock must end, in {@link System#nanoTime()} terms. */
    public long deadlineNanos() {
      return deadline;
    }

    /**
     * Runs the work to be done under the lock, within the operation's timeout (which started when
     * the lock was taken). The work runs on a thread of its own; past the deadline this returns
     * with {@link ErrorCodes#TRY_AGAIN_LATER} and the work is abandoned, as no datastore call can
     * be taken back halfway (a later DEL releases what it may have assigned); the lock stays held
     * until it ends (see {@link #close}) or the process exits.
     *
     * @throws CniException with {@link ErrorCodes#TRY_AGAIN_LATER} past the deadline; what the work
     *     throws otherwise
     */
    public <T> T call(Callable<T> work) {
      FutureTask<T> task = onDaemon(work, "under the host lock");
      last = task;
      try {
        return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new CniException(
            ErrorCodes.TRY_AGAIN_LATER,
            "the datastore work did not finish within the timeout that began when the host lock"
                + " was taken");
      } catch (ExecutionException e) {
        throw unwrap(e, ErrorCodes.INTERNAL, "");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CniException(ErrorCodes.TRY_AGAIN_LATER, "interrupted under the host lock");
      }
    }

    /** Runs work that returns nothing; see {@link #call}. */
    public void run(Runnable work) {
      call(
          () -> {
            work.run();
            return null;
          });
    }

    /**
     * Releases the lock: at once, or, when the last call's work outlived its timeout, as soon as
     * that work ends. A second close does nothing. Not for use by several threads at once.
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      FutureTask<?> running = last;
      if (running == null || running.isDone()) {
        release();
        return;
      }
      // Work abandoned past its timeout still writes to the datastore: in a process that lives on
      // (the delegate server) the next holder must not run beside it, so the lock goes when it
      // ends.
      onDaemon(
          () -> {
            try {
              running.get();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
              // its caller was already told; only the release is left
            } finally {
              release();
            }
            return null;
          },
          "releasing the host lock after abandoned work");
    }

    private void release() {
      try {
        lock.release();
      } catch (IOException e) {
        // the channel's close below releases it anyway
      }
      closeQuietly(channel);
      local.release();
    }
  }

  /**
   * Takes the lock.
   *
   * @param path the lock file, created with its directory when missing
   * @param maxWait how long to wait for it
   * @param timeout how long the operation may take once the lock is held
   * @throws CniException with {@link ErrorCodes#LOCK_TIMEOUT} when the wait runs out, or {@link
   *     ErrorCodes#IO_FAILURE} when the file cannot be opened
   */
  public static Held acquire(Path path, Duration maxWait, Duration timeout) {
    long start = System.nanoTime();
    long waitNanos = maxWait.toNanos();
    Semaphore local =
        LOCAL.computeIfAbsent(path.toAbsolutePath().normalize(), p -> new Semaphore(1, true));
    try {
      if (!local.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
        throw waitedTooLong(path, maxWait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CniException(ErrorCodes.LOCK_TIMEOUT, "interrupted waiting for " + path);
    }
    FileChannel channel;
    try {
      Path parent = path.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    } catch (IOException e) {
      local.release();
      throw new CniException(ErrorCodes.IO_FAILURE, "cannot open the IPAM lock " + path, e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        lock = waitInKernel(channel, path, maxWait, start + waitNanos - System.nanoTime());
      }
      return new Held(channel, lock, local, System.nanoTime() + timeout.toNanos());
    } catch (IOException | OverlappingFileLockException e) {
      closeQuietly(channel);
      local.release();
      throw new CniException(ErrorCodes.IO_FAILURE, "cannot lock " + path + ": " + e, e);
    } catch (RuntimeException | Error e) {
      // An Error from the waiting thread too: a permit kept here would lock out this process.
      closeQuietly(channel);
      local.release();
      throw e;
    }
  }

  /**
   * Blocks in the kernel for the lock, on a thread of its own so that the wait stays bounded: past
   * {@code nanos} the channel is closed, which ends the blocked call (and drops the lock should it
   * have been granted in that instant).
   */
  private static FileLock waitInKernel(
      FileChannel channel, Path path, Duration maxWait, long nanos) {
    FutureTask<FileLock> task = onDaemon(channel::lock, "waiting for the host lock");
    try {
      return task.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      closeQuietly(channel);
      throw waitedTooLong(path, maxWait);
    } catch (InterruptedException e) {
      closeQuietly(channel);
      Thread.currentThread().interrupt();
      throw new CniException(ErrorCodes.LOCK_TIMEOUT, "interrupted waiting for " + path);
    } catch (ExecutionException e) {
      throw unwrap(e, ErrorCodes.IO_FAILURE, "cannot lock " + path + ": ");
    }
  }

  /** Starts work on a daemon thread of its own, so that whoever waits for it can give up. */
  private static <T> FutureTask<T> onDaemon(Callable<T> work, String name) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
    return task;
  }

  /**
   * What a task's failure is thrown as: its own unchecked exception or error, else a {@link
   * CniException} with {@code code} and the cause after {@code prefix}.
   */
  private static RuntimeException unwrap(ExecutionException e, int code, String prefix) {
    Throwable c = e.getCause();
    if (c instanceof RuntimeException r) {
      return r;
    }
    if (c instanceof Error err) {
      throw err;
    }
    return new CniException(code, prefix + c, c);
  }

  private static CniException waitedTooLong(Path path, Duration maxWait) {
    return new CniException(
        ErrorCodes.LOCK_TIMEOUT,
        "the IPAM lock " + path + " was not acquired within " + maxWait.toMillis() + " ms");
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}
