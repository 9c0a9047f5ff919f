/**
 * Gingham's engines. One package is exported: {@code dev.gingham.core}, whose small factories (such
 * as {@code Ipams.create(datastore)}) hand out the engines, which live in {@code
 * dev.gingham.internal...} packages that are not exported. Datastores are reached through the SPI's
 * service lookup.
 */
module dev.gingham.core {
  requires transitive dev.gingham.spi;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires com.fasterxml.jackson.databind;

  exports dev.gingham.core;

  provides dev.gingham.spi.datastore.DatastoreProvider with
      dev.gingham.internal.datastore.MemoryDatastoreProvider;
}
