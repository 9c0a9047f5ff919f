package dev.gingham.core;

import dev.gingham.policy.Endpoint;
import dev.gingham.policy.PolicyModel;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;

/**
 * Policy compiled to one nftables table ({@code inet gingham}), kept up to date incrementally.
 *
 * <p>Each method that changes the model returns the transaction that takes the table from what the
 * previous transactions built to what the new model needs: a full program from {@link #load}, and a
 * small one, touching only the set elements, map elements and chains the change concerns, from
 * {@link #update}, {@link #putEndpoint} and {@link #removeEndpoint}. Apply them in order; after a
 * transaction failed to apply, apply {@link #full()}. The same model always renders to the same
 * transaction.
 *
 * <p>Bad input throws {@link dev.gingham.policy.InvalidPolicyException} naming the resource and
 * field, and changes nothing. Not thread-safe: one writer drives it.
 */
public interface PolicyRenderer {

  /** Replaces the model; returns the full program for it. */
  FilterTransaction load(PolicyModel model);

  /** Changes the model to {@code model}; returns the incremental transaction. */
  FilterTransaction update(PolicyModel model);

  /** Adds an endpoint, or replaces the one with its name; returns the incremental transaction. */
  FilterTransaction putEndpoint(Endpoint endpoint);

  /** Removes the endpoint with this one's name; returns the incremental transaction. */
  FilterTransaction removeEndpoint(Endpoint endpoint);

  /**
   * The whole program: every chain, set and map added and emptied, then filled. Applied to a table
   * in any state, it converges everything Gingham owns, but leaves objects that should not be
   * there; {@link #repair} removes those too.
   */
  FilterTransaction full();

  /**
   * What repairs drift: empty when {@code current} holds exactly the chains (with their rule
   * counts), sets and elements last handed out; otherwise {@link #full()} plus the removal of stray
   * chains, sets and maps.
   */
  FilterTransaction repair(FilterTable current);

  /** The model rendered. */
  PolicyModel model();

  /** The size of the rendered program. */
  Stats stats();

  /**
   * The size of the rendered program.
   *
   * @param chains chains
   * @param rules rules, over all chains
   * @param sets named sets and maps
   * @param elements elements, over all sets and maps
   */
  record Stats(int chains, int rules, int sets, int elements) {}
}
