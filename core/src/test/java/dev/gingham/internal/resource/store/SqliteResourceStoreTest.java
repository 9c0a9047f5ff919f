package dev.gingham.internal.resource.store;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** The resource store's contract on the SQLite store, a fresh file per case. */
@Tag("sqlite")
class SqliteResourceStoreTest extends ResourceStoreContract {
  @TempDir Path dir;

  @Override
  protected Datastore newStore() {
    return Datastores.open("sqlite:" + dir.resolve("resources.db"));
  }
}
