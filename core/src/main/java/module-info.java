/**
 * Gingham's engines. Nothing here is exported: hosts reach the engines through the API's factories
 * and the SPI's service lookup, never through these classes.
 */
module dev.gingham.core {
  requires transitive dev.gingham.spi;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.common;
  requires io.netty.transport.classes.epoll;

  provides dev.gingham.bgp.BgpSpeakerFactory with
      dev.gingham.internal.bgp.speaker.NettySpeakerFactory;
  provides dev.gingham.spi.datastore.DatastoreProvider with
      dev.gingham.internal.datastore.MemoryDatastoreProvider;
}
