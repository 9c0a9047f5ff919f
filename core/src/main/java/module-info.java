/**
 * Gingham's engines. One package is exported: the façade {@code dev.gingham.core}, whose static
 * factories (such as {@code PrefixMaps.create()}) hand out implementations that live in unexported
 * {@code dev.gingham.internal} packages, as {@code java.net.http.HttpClient.newBuilder()} does.
 * Datastores and dataplanes are found through the SPI's service lookup.
 */
module dev.gingham.core {
  requires transitive dev.gingham.spi;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.common;
  requires io.netty.transport.classes.epoll;
  requires com.fasterxml.jackson.databind;

  exports dev.gingham.core;

  provides dev.gingham.bgp.BgpSpeakerFactory with
      dev.gingham.internal.bgp.speaker.NettySpeakerFactory;
  provides dev.gingham.spi.datastore.DatastoreProvider with
      dev.gingham.internal.datastore.MemoryDatastoreProvider;
  provides dev.gingham.spi.dataplane.DataplaneProvider with
      dev.gingham.internal.dataplane.SimulatedDataplaneProvider;
}
