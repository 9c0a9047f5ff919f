/** java.util.ServiceLoader}. */
module dev.gingham.spi {
  requires transitive dev.gingham.api;
  requires static transitive org.jspecify;

  exports dev.gingham.spi.datastore;
  exports dev.gingham.spi.datastore.base;

  uses dev.gingham.spi.datastore.DatastoreProvider;
}
