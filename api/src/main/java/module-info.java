/**
 * Gingham's stable public API: value types and service interfaces, with no implementation.
 *
 * <p>Every exported package is {@code @NullMarked}; {@code @Nullable} marks where null is meant.
 */
module dev.gingham.api {
  requires static transitive org.jspecify;

  exports dev.gingham.bgp;
  exports dev.gingham.ipam;
  exports dev.gingham.net;
  exports dev.gingham.policy;
  exports dev.gingham.resource;
  exports dev.gingham.route;

  uses dev.gingham.bgp.BgpSpeakerFactory;
}
