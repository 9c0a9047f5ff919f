package dev.gingham.internal.agent;

import dev.gingham.core.AgentGroup;
import dev.gingham.core.Resources;
import dev.gingham.internal.bgp.speaker.NettySpeakerFactory;
import dev.gingham.internal.bgp.speaker.SpeakerThreads;
import dev.gingham.spi.datastore.Datastore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link AgentGroup}: one syncer, a pool of as many routing-pass threads as processors (at least
 * two), one policy-pass thread, one timer thread, and the BGP speakers' event loops and
 * event-delivery threads (as many as the routing threads each), for every agent of the group.
 * Thread-safe.
 */
public final class SharedAgents implements AgentGroup {
  private final Datastore datastore;
  private final Syncer syncer;
  private final ExecutorService workers;
  private final ExecutorService policyWorkers;
  private final ScheduledExecutorService timers;
  private final SpeakerThreads speakerThreads;
  private final NettySpeakerFactory speakers;
  private final AtomicInteger agents = new AtomicInteger();
  private volatile boolean closed;

  public SharedAgents(Datastore datastore) {
    this.datastore = datastore;
    this.syncer = new Syncer(Resources.store(datastore), "shared");
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.workers = Executors.newFixedThreadPool(threads, AgentRuntime.daemon("gingham-agents-"));
    // One thread: policy passes queue and fold there (each agent's requests coalesce while its
    // pass waits), and routes keep the other processors.
    this.policyWorkers =
        Executors.newSingleThreadExecutor(AgentRuntime.daemon("gingham-agents-policy"));
    this.timers =
        Executors.newSingleThreadScheduledExecutor(AgentRuntime.daemon("gingham-agents-timer"));
    // Two threads or more per speaker made a 500-node group about 1,000 threads; a speaker's work
    // is short (decode, decide, encode), so a few shared loops serve them all.
    this.speakerThreads = SpeakerThreads.create("agents", threads, threads);
    this.speakers = NettySpeakerFactory.sharing(speakerThreads);
    syncer.start();
  }

  /** The datastore the group follows. */
  Datastore datastore() {
    return datastore;
  }

  /** A runtime for one more agent. */
  AgentRuntime join() {
    if (closed) {
      throw new IllegalStateException("the agent group is closed");
    }
    agents.incrementAndGet();
    return new AgentRuntime(syncer, workers, policyWorkers, timers, speakers, false);
  }

  /** An agent of the group closed. */
  void leave() {
    agents.decrementAndGet();
  }

  @Override
  public int agents() {
    return agents.get();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    syncer.close();
    timers.shutdownNow();
    workers.shutdownNow();
    policyWorkers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
      policyWorkers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    speakerThreads.close();
  }

  @Override
  public String toString() {
    return "AgentGroup{" + datastore.uri() + ", " + agents.get() + " agents}";
  }
}
