/**
 * Gingham's engines. Only the façade package {@code dev.gingham.core} is exported: small static
 * factories that hand out the engines behind the API's interfaces, the way {@code
 * java.net.http.HttpClient.newBuilder()} does. Everything else lives under {@code
 * dev.gingham.internal}, and services are provided through {@link java.util.ServiceLoader}.
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
}
