package dev.gingham.internal.ipam;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** IPAM's contract on the SQLite store, a fresh file per case. */
@Tag("sqlite")
class SqliteIpamTest extends IpamContract {
  @TempDir Path dir;

  @Override
  protected Datastore newStore() {
    return Datastores.open("sqlite:" + dir.resolve("ipam.db"));
  }
}
