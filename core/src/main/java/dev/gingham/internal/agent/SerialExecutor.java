package dev.gingham.internal.agent;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in order, on a delegate executor that may be shared: an agent's
 * single-writer loop without a thread of its own, so that many agents in one JVM share a few
 * threads. After {@link #shutdown()} it rejects new tasks, and queued ones are dropped.
 * Thread-safe.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor delegate;
  private final Queue<Runnable> tasks = new ArrayDeque<>(); // guarded by this
  private boolean running; // guarded by this: a drain is scheduled or running
  private boolean shutdown; // guarded by this
  private volatile Thread current;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      if (shutdown) {
        throw new RejectedExecutionException("the agent's loop is shut down");
      }
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    if (!scheduleDrain()) {
      throw new RejectedExecutionException("the shared pool under the agent's loop is shut down");
    }
  }

  /** Hands a drain to the delegate; false (and the queue dropped) if the delegate refuses. */
  private boolean scheduleDrain() {
    try {
      delegate.execute(this::drain);
      return true;
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        running = false;
        tasks.clear();
      }
      return false;
    }
  }

  /** Whether the caller runs on this loop now. */
  boolean inLoop() {
    return current == Thread.currentThread();
  }

  private void drain() {
    // A bounded run of tasks, then the thread goes back to the pool: one busy agent does not keep
    // a shared thread from the others.
    for (int i = 0; i < 16; i++) {
      Runnable next;
      synchronized (this) {
        next = tasks.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      current = Thread.currentThread();
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.warn("agent loop task failed", e);
      } finally {
        current = null;
      }
    }
    scheduleDrain();
  }

  /** Rejects new tasks and drops queued ones; a running task finishes. */
  synchronized void shutdown() {
    shutdown = true;
    tasks.clear();
  }
}
