package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.tck.DatastoreTck;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store keeps the datastore contract, each case on a fresh file. */
class SqliteDatastoreTckTest extends DatastoreTck {
  @TempDir Path dir;

  @Override
  protected Datastore newStore() {
    return Datastores.open("sqlite:" + dir.resolve("state.db"));
  }
}
