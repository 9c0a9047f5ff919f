package dev.gingham.internal.ipam;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.ActionChain;

/** The model-based properties on the SQLite store, a fresh file per try. */
@Tag("sqlite")
class SqliteIpamModelProperties extends IpamModelProperties {
  private static Path dir;
  private static int files;

  @BeforeContainer
  static void makeDirectory() throws IOException {
    dir = Files.createTempDirectory("gingham-ipam-model");
  }

  @AfterContainer
  static void removeDirectory() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(SqliteIpamModelProperties::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Datastore newStore() {
    return Datastores.open("sqlite:" + dir.resolve("model-" + files++ + ".db"));
  }

  // Fewer tries than in memory: each step commits to a file, and the invariants read everything.
  @Property(tries = 30)
  void theEngineKeepsToTheModel(@ForAll("chains") ActionChain<IpamModel> chain) {
    runChecked(chain);
  }
}
