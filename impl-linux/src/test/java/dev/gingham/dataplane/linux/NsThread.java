package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.LibC;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test's thread that lives in a network namespace (setns on itself), so that the sockets it opens
 * belong to that namespace; they may then be used from any thread. One JVM probes from every pod.
 * It is a test's own thread, never a pooled one, and ends with {@link #close()}.
 */
public final class NsThread implements AutoCloseable {
  private static final LibC LIBC = LibC.get();
  private static final int CLONE_NEWNET = 0x40000000;

  private final ExecutorService executor;

  public NsThread(String namespacePath) {
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "netns " + namespacePath);
              t.setDaemon(true);
              return t;
            });
    call(
        () -> {
          int fd = LIBC.open(namespacePath, 0);
          if (fd < 0) {
            throw new IllegalStateException("cannot open " + namespacePath);
          }
          try {
            if (LIBC.setns(fd, CLONE_NEWNET) != 0) {
              throw new IllegalStateException("setns into " + namespacePath + " failed");
            }
          } finally {
            LIBC.close(fd);
          }
          return null;
        });
  }

  /** Runs a task on the namespace's thread. */
  public <T> T call(Callable<T> task) {
    Future<T> f = executor.submit(task);
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IllegalStateException("namespace task timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
