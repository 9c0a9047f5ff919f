package dev.gingham.internal.ipam;

import dev.gingham.spi.datastore.Datastore;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Random sequences of assignments, releases, host removals, garbage collections, clock moves and
 * configuration changes, run against the engine and against {@link IpamModel}, with the invariants
 * checked after every step. A subclass says which store to run on, and how many tries it affords.
 */
abstract class IpamModelProperties {
  private final List<IpamModel> opened = new ArrayList<>();

  /** Opens a new, empty store for one try. */
  protected abstract Datastore newStore();

  @AfterTry
  void closeStores() {
    opened.forEach(IpamModel::close);
    opened.clear();
  }

  /** Runs a chain with the invariants checked after every step. */
  static void runChecked(ActionChain<IpamModel> chain) {
    chain
        .withInvariant("no address is handed out twice", IpamModel::noAddressHandedOutTwice)
        .withInvariant("free + used + reserved = pool size", IpamModel::sizesAddUp)
        .withInvariant("usage() equals the model", IpamModel::usageMatchesModel)
        .withInvariant("check() finds nothing", IpamModel::checkFindsNothing)
        .run();
  }

  @Provide
  Arbitrary<ActionChain<IpamModel>> chains() {
    return ActionChain.<IpamModel>startWith(this::open)
        .withAction(6, autoAssign())
        .withAction(2, assignIp())
        .withAction(3, releaseIps())
        .withAction(2, releaseByHandle())
        .withAction(1, releaseHostAffinities())
        .withAction(1, garbageCollect())
        .withAction(1, advanceClock())
        .withAction(
            1,
            Action.just(
                Transformer.mutate("toggle strict affinity", IpamModel::toggleStrictAffinity)))
        .withMaxTransformations(40);
  }

  private IpamModel open() {
    IpamModel model = new IpamModel(newStore());
    opened.add(model);
    return model;
  }

  private static Arbitrary<String> hosts() {
    return Arbitraries.of(IpamModel.HOSTS);
  }

  private static Action.Independent<IpamModel> autoAssign() {
    return () ->
        Combinators.combine(
                hosts(),
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 1000))
            .as(
                (host, v4, v6, reuse, index) -> {
                  int four = v4 + v6 == 0 ? 1 : v4;
                  return Transformer.mutate(
                      "autoAssign "
                          + four
                          + "+"
                          + v6
                          + " for "
                          + host
                          + (reuse ? " (reused handle)" : ""),
                      m -> m.autoAssign(host, four, v6, reuse, index));
                });
  }

  private static Action.Independent<IpamModel> assignIp() {
    return () ->
        Combinators.combine(
                Arbitraries.integers().between(0, 70),
                Arbitraries.of(false, false, false, true),
                hosts(),
                Arbitraries.of(true, false))
            .as(
                (index, owned, host, withHost) ->
                    Transformer.mutate(
                        "assignIp "
                            + (owned ? "owned " : "")
                            + "#"
                            + index
                            + (withHost ? " for " + host : " without host"),
                        m -> m.assignIp(index, owned, host, withHost)));
  }

  private static Action.Independent<IpamModel> releaseIps() {
    return () ->
        Combinators.combine(
                Arbitraries.integers().between(0, 1000).list().ofMaxSize(4),
                Arbitraries.of(true, false))
            .as(
                (picks, unknown) ->
                    Transformer.mutate(
                        "releaseIps " + picks + (unknown ? " and unknown ones" : ""),
                        m -> m.releaseIps(picks, unknown)));
  }

  private static Action.Independent<IpamModel> releaseByHandle() {
    return () ->
        Combinators.combine(
                Arbitraries.of(true, true, false), Arbitraries.integers().between(0, 1000))
            .as(
                (known, index) ->
                    Transformer.mutate(
                        "releaseByHandle " + (known ? "#" + index : "unknown"),
                        m -> m.releaseByHandle(known, index)));
  }

  private static Action.Independent<IpamModel> releaseHostAffinities() {
    return () ->
        hosts()
            .map(
                host ->
                    Transformer.mutate(
                        "releaseHostAffinities " + host, m -> m.releaseHostAffinities(host)));
  }

  private static Action.Independent<IpamModel> garbageCollect() {
    return () ->
        Arbitraries.longs()
            .map(
                mask ->
                    Transformer.mutate(
                        "garbageCollect live mask " + Long.toHexString(mask),
                        m -> m.garbageCollect(mask)));
  }

  private static Action.Independent<IpamModel> advanceClock() {
    return () ->
        Arbitraries.integers()
            .between(1, 90)
            .map(s -> Transformer.mutate("advance clock " + s + "s", m -> m.advanceClock(s)));
  }
}
