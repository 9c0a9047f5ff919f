package dev.gingham.core;

/**
 * What the node agents of one JVM over one datastore share, as a simulator of many nodes runs them:
 * one syncer (one list and one watch of the cluster, decoded once, its immutable snapshots handed
 * to every agent), one small pool of threads for the agents' passes (each agent's passes still run
 * one at a time, in order) and one timer thread for the lease heartbeats and periodic passes. A
 * real deployment runs one agent per node and needs none of it.
 *
 * <p>Made by {@link NodeAgents#group}, given to agents with {@link NodeAgents.Builder#group}.
 * {@link #close()} stops the shared syncer and threads; close the agents first. Thread-safe.
 */
public interface AgentGroup extends AutoCloseable {
  /** How many agents have joined it and not closed. */
  int agents();

  @Override
  void close();
}
