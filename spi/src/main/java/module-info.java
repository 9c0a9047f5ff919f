/**
 * Gingham's extension points: the datastore and the dataplane, found with {@link
 * java.util.ServiceLoader}.
 */
module dev.gingham.spi {
  requires transitive dev.gingham.api;
  requires static transitive org.jspecify;

  exports dev.gingham.spi.datastore;
  exports dev.gingham.spi.datastore.base;
  exports dev.gingham.spi.dataplane;
  exports dev.gingham.spi.dataplane.filter;

  uses dev.gingham.spi.datastore.DatastoreProvider;
  uses dev.gingham.spi.dataplane.DataplaneProvider;
}
