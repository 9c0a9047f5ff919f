package dev.gingham.dataplane.linux.netns;

import dev.gingham.dataplane.linux.netlink.LibC;
import dev.gingham.dataplane.linux.netlink.NetlinkException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one thread that enters other network namespaces, so that no caller's thread (and no pooled
 * thread) ever changes namespace. A task names the namespace by a file descriptor; the worker
 * enters it with {@code setns}, runs the task (open a socket, read or write {@code /proc/sys/net},
 * make a namespace) and goes back home before it takes the next one. Should going back ever fail,
 * that thread ends there and a new one, started from home, takes the next task.
 *
 * <p>Home is the namespace of the thread that made the worker. Thread-safe; tasks run one at a
 * time, in order.
 */
public final class NamespaceWorker implements AutoCloseable {
  /** {@code CLONE_NEWNET}, the namespace type for {@code setns} and {@code unshare}. */
  public static final int CLONE_NEWNET = 0x40000000;

  private static final long TIMEOUT_SECONDS = 30;
  private static final int O_RDONLY_CLOEXEC = 0x80000;

  private final String name;
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final int homeFd;
  private @Nullable Thread thread;
  private volatile boolean closed;

  /** Starts a worker whose home is the calling thread's namespace. */
  public NamespaceWorker(String name) {
    this.name = name;
    int fd = LibC.get().open("/proc/thread-self/ns/net", O_RDONLY_CLOEXEC);
    if (fd < 0) {
      throw new NetlinkException("open /proc/thread-self/ns/net", LibC.errno(), null);
    }
    this.homeFd = fd;
  }

  /** A descriptor of the home namespace, owned by the worker. */
  public int homeFd() {
    return homeFd;
  }

  /**
   * Runs a task in the namespace behind a descriptor, or at home for -1 (without a {@code setns},
   * which needs privileges over the namespace even to stay in it), and returns its result.
   *
   * @throws NetlinkException if the namespace cannot be entered (EPERM without CAP_SYS_ADMIN,
   *     EINVAL for a descriptor that is no network namespace)
   * @throws RuntimeException what the task threw
   */
  public <T> T call(int namespaceFd, Callable<T> task) {
    return submit(
        () -> {
          if (namespaceFd >= 0 && namespaceFd != homeFd) {
            enter(namespaceFd, "setns");
            AWAY.set(Boolean.TRUE);
          }
          return task.call();
        });
  }

  /**
   * Runs a task in a new network namespace made for it with {@code unshare(CLONE_NEWNET)}: the task
   * must make it outlive the thread (bind-mount {@code /proc/thread-self/ns/net}, or open it).
   */
  public <T> T callInNewNamespace(Callable<T> task) {
    return submit(
        () -> {
          if (LibC.get().unshare(CLONE_NEWNET) != 0) {
            throw new NetlinkException("unshare(CLONE_NEWNET)", LibC.errno(), null);
          }
          AWAY.set(Boolean.TRUE);
          return task.call();
        });
  }

  private static void enter(int fd, String what) {
    if (LibC.get().setns(fd, CLONE_NEWNET) != 0) {
      throw new NetlinkException(what, LibC.errno(), null);
    }
  }

  /** A task that the worker can also fail from outside it. */
  private static final class Task<T> extends FutureTask<T> {
    Task(Callable<T> body) {
      super(body);
    }

    void fail(Throwable t) {
      setException(t);
    }
  }

  private <T> T submit(Callable<T> body) {
    Task<T> f =
        new Task<>(
            () -> {
              try {
                return body.call();
              } finally {
                goHome();
              }
            });
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("namespace worker " + name + " is closed");
      }
      tasks.add(f);
      if (thread == null || !thread.isAlive()) {
        Thread t = new Thread(this::loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
      }
    }
    try {
      return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IllegalStateException("namespace task failed", c);
    } catch (TimeoutException e) {
      f.cancel(false);
      throw new IllegalStateException(
          "namespace task did not finish within " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for a namespace task", e);
    }
  }

  /** Set on the worker thread when it could not go home: it takes no further task. */
  private static final ThreadLocal<Boolean> LOST = ThreadLocal.withInitial(() -> Boolean.FALSE);

  /** Set on the worker thread while a task has it outside home. */
  private static final ThreadLocal<Boolean> AWAY = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private void goHome() {
    if (!AWAY.get()) {
      return;
    }
    if (LibC.get().setns(homeFd, CLONE_NEWNET) != 0) {
      LOST.set(Boolean.TRUE);
      throw new IllegalStateException(
          "namespace worker " + name + " could not return home: errno " + LibC.errno());
    }
    AWAY.set(Boolean.FALSE);
  }

  private void loop() {
    // A new thread starts in the namespace of whichever thread submitted: go home unless there.
    if (!NamedNamespaces.identity(homeFd).equals(threadNamespace())
        && LibC.get().setns(homeFd, CLONE_NEWNET) != 0) {
      NetlinkException e =
          new NetlinkException("namespace worker " + name + ": setns home", LibC.errno(), null);
      synchronized (this) {
        thread = null;
      }
      Runnable task;
      while ((task = tasks.poll()) != null) {
        ((Task<?>) task).fail(e);
      }
      return;
    }
    while (!LOST.get()) {
      Runnable task;
      try {
        task = tasks.poll(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (task == null) {
        synchronized (this) {
          if (tasks.isEmpty()) {
            thread = null;
            return; // idle: a later task starts a new thread, from home
          }
        }
        continue;
      }
      task.run();
    }
  }

  private static String threadNamespace() {
    try {
      return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self/ns/net"))
          .toString();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /** Stops the worker once queued tasks are done, and closes the home descriptor. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      submitClose();
    } finally {
      LibC.get().close(homeFd);
    }
  }

  private void submitClose() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    Runnable task;
    while ((task = tasks.poll()) != null) {
      ((FutureTask<?>) task).cancel(false);
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        t.join(5_000); // the running task ends at home before the home descriptor closes
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
