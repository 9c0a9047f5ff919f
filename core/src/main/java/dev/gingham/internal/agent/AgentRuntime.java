package dev.gingham.internal.agent;

import dev.gingham.bgp.BgpSpeakerFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The threads and the syncer one agent runs on: its own (one agent per JVM, the real case), or
 * those of a {@link SharedAgents} group. The timers are apart from the passes, so that a lease is
 * renewed on time however long passes take.
 *
 * @param syncer the syncer the agent subscribes to
 * @param workers where the agent's loop runs its routing passes (through a {@link SerialExecutor})
 * @param policyWorkers where its policy passes run, apart from the routing passes, so that neither
 *     waits for the other (a routing pass reads IPAM from the datastore; a policy pass programs the
 *     packet filter)
 * @param timers the periodic pass requests and the lease heartbeat
 * @param speakers what starts the agent's BGP speaker: null for the engine {@link
 *     java.util.ServiceLoader} finds, with threads of its own; a group's factory shares its threads
 * @param owned whether the agent stops all of it when it closes
 */
record AgentRuntime(
    Syncer syncer,
    ExecutorService workers,
    ExecutorService policyWorkers,
    ScheduledExecutorService timers,
    @Nullable BgpSpeakerFactory speakers,
    boolean owned) {

  /** A runtime of the agent's own: a syncer and three threads. */
  static AgentRuntime own(Syncer syncer, String node) {
    return new AgentRuntime(
        syncer,
        Executors.newSingleThreadExecutor(daemon("gingham-agent-" + node)),
        Executors.newSingleThreadExecutor(daemon("gingham-agent-policy-" + node)),
        Executors.newSingleThreadScheduledExecutor(daemon("gingham-agent-timer-" + node)),
        null,
        true);
  }

  /** Daemon threads of this name; a name ending in '-' is numbered. */
  static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name.endsWith("-") ? name + n.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops what the agent owns, waiting up to two seconds for each running pass. */
  void stopOwned() {
    if (!owned) {
      return;
    }
    syncer.close();
    timers.shutdownNow();
    for (ExecutorService e : List.of(workers, policyWorkers)) {
      e.shutdown();
      try {
        if (!e.awaitTermination(2, TimeUnit.SECONDS)) {
          e.shutdownNow();
        }
      } catch (InterruptedException ie) {
        e.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
