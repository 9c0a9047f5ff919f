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

/**
 * The per-host lock that serialises IPAM claims, as Calico's {@code /var/run/calico/ipam.lock}
 * does: processes that claim at once would otherwise race for the same block and retry on
 * conflicts. An exclusive {@code flock}-style lock on a file; the kernel drops it when the process
 * dies, so a killed plugin never wedges the host.
 *
 * <p>Waiting for the lock is bounded by {@code maxWait}; the operation's own timeout is measured
 * from the moment the lock is held ({@link Held#deadlineNanos()}), so that a plugin queued behind
 * fifty others does not time out before it has begun.
 */
public final class HostLock {
  /** Where the lock lives unless {@code GINGHAM_IPAM_LOCK} names another file. */
  public static final Path DEFAULT_PATH = Path.of("/run/gingham/ipam.lock");

  private static final long POLL_NANOS = 2_000_000L;

  private HostLock() {}

  /** A held lock; close it to release. */
  public static final class Held implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final long deadline;

    private Held(FileChannel channel, FileLock lock, long deadline) {
      this.channel = channel;
      this.lock = lock;
      this.deadline = deadline;
    }

    /** When the operation under the lock must end, in {@link System#nanoTime()} terms. */
    public long deadlineNanos() {
      return deadline;
    }

    /** Whether the operation's time is up. */
    public boolean expired() {
      return System.nanoTime() - deadline > 0;
    }

    @Override
    public void close() {
      try {
        lock.release();
      } catch (IOException e) {
        // the channel's close below releases it anyway
      }
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to release
      }
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
      throw new CniException(ErrorCodes.IO_FAILURE, "cannot open the IPAM lock " + path, e);
    }
    long start = System.nanoTime();
    try {
      while (true) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // another thread of this process holds it: wait as for another process
        }
        if (lock != null) {
          return new Held(channel, lock, System.nanoTime() + timeout.toNanos());
        }
        if (System.nanoTime() - start > maxWait.toNanos()) {
          throw new CniException(
              ErrorCodes.LOCK_TIMEOUT,
              "the IPAM lock " + path + " was not acquired within " + maxWait.toMillis() + " ms");
        }
        Thread.sleep(POLL_NANOS / 1_000_000L);
      }
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CniException(ErrorCodes.IO_FAILURE, "cannot lock " + path, e);
    } catch (InterruptedException e) {
      closeQuietly(channel);
      Thread.currentThread().interrupt();
      throw new CniException(ErrorCodes.LOCK_TIMEOUT, "interrupted waiting for " + path);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}
