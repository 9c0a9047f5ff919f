package dev.gingham.datastore.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreProvider;
import dev.gingham.spi.datastore.Datastores;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ServiceLoader finds the provider, and bad URIs fail clearly before any file is touched. */
class SqliteDatastoreProviderTest {
  @TempDir Path dir;

  @Test
  void serviceLoaderFindsTheProviderAsTheDefaultStore() {
    List<DatastoreProvider> providers = Datastores.providers();

    assertThat(providers).anyMatch(SqliteDatastoreProvider.class::isInstance);
    DatastoreProvider sqlite =
        providers.stream().filter(SqliteDatastoreProvider.class::isInstance).findFirst().get();
    assertThat(sqlite.name()).isEqualTo("SQLite");
    assertThat(sqlite.schemes()).containsExactly("sqlite");
    assertThat(sqlite.defaultUri()).contains(URI.create("sqlite:/var/lib/gingham/state.db"));
    assertThat(sqlite.defaultPriority()).isEqualTo(100);
    assertThat(Datastores.knownSchemes()).contains("sqlite");
  }

  @Test
  void datastoresOpensAFileAndItsMissingFolders() {
    Path file = dir.resolve("a/b/state.db");
    try (Datastore store = Datastores.open("sqlite:" + file)) {
      assertThat(store).isInstanceOf(SqliteDatastore.class);
      assertThat(store.uri()).isEqualTo(URI.create("sqlite:" + file));
      store.put("k", "v".getBytes(UTF_8));
    }
    assertThat(file).isRegularFile();
    try (Datastore again = Datastores.open("sqlite://" + file + "?sync=normal&busy=5s")) {
      assertThat(again.get("k").orElseThrow().valueUtf8()).isEqualTo("v");
      assertThat(again.currentRevision()).isEqualTo(2);
    }
  }

  @Test
  void optionsAreReadWithTheirDefaults() {
    SqliteOptions defaults = SqliteOptions.parse(URI.create("sqlite:" + dir.resolve("s.db")));
    assertThat(defaults.sync()).isEqualTo(SqliteOptions.Sync.FULL);
    assertThat(defaults.busy()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.history()).isEqualTo(10_000);
    assertThat(defaults.poll()).isEqualTo(Duration.ofMillis(10));

    SqliteOptions given =
        SqliteOptions.parse(
            URI.create(
                "sqlite:"
                    + dir.resolve("s.db")
                    + "?sync=normal&busy=250ms&history=42&poll=5ms&watchQueue=7"));
    assertThat(given.sync()).isEqualTo(SqliteOptions.Sync.NORMAL);
    assertThat(given.busy()).isEqualTo(Duration.ofMillis(250));
    assertThat(given.history()).isEqualTo(42);
    assertThat(given.poll()).isEqualTo(Duration.ofMillis(5));
    assertThat(given.watchQueue()).isEqualTo(7);
  }

  @Test
  void relativeAndTripleSlashPathsResolve() {
    assertThat(SqliteOptions.parse(URI.create("sqlite:relative/state.db")).path())
        .isEqualTo(Path.of("relative/state.db").toAbsolutePath());
    assertThat(SqliteOptions.parse(URI.create("sqlite:///abs/state.db")).path())
        .isEqualTo(Path.of("/abs/state.db"));
    assertThat(SqliteOptions.parse(URI.create("sqlite:/with%20space/state.db")).path())
        .isEqualTo(Path.of("/with space/state.db"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "?colour=blue | colour",
        "?sync=sometimes | sync",
        "?sync=full&sync=normal | sync",
        "?busy=soon | busy",
        "?busy=0ms | busy",
        "?history=0 | history",
        "?history=many | history",
        "?poll=-1ms | poll",
        "?poll=2m | poll",
        "?watchQueue=0 | watchQueue"
      })
  void aBadOptionIsNamedAndNoFileIsMade(String query, String option) throws Exception {
    String uri = "sqlite:" + dir.resolve("sub/state.db") + query;

    assertThatThrownBy(() -> Datastores.open(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + option + "'");
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void aBadPathIsNamedAndNoFileIsMade() throws Exception {
    Path aFile = Files.writeString(dir.resolve("plain.txt"), "not a folder");
    Path aFolder = Files.createDirectory(dir.resolve("folder"));

    assertThatThrownBy(() -> Datastores.open("sqlite:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no file");
    assertThatThrownBy(() -> Datastores.open("sqlite://somehost/state.db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("somehost");
    assertThatThrownBy(() -> Datastores.open("sqlite:" + aFolder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("directory")
        .hasMessageContaining(aFolder.toString());
    assertThatThrownBy(() -> Datastores.open("sqlite:" + aFolder + "/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("directory");
    assertThatThrownBy(() -> Datastores.open("sqlite:" + aFile + "/state.db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(aFile.toString())
        .hasMessageContaining("not a directory");
    assertThatThrownBy(() -> Datastores.open("sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memory:");
    assertThat(filesIn(dir)).containsExactlyInAnyOrder(aFile, aFolder);
  }

  @Test
  void aFileThatIsNotAGinghamStoreIsRefusedAndLeftAlone() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.db"), "x".repeat(4096));
    Path foreign = dir.resolve("foreign.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (name TEXT)");
    }
    long foreignSize = Files.size(foreign);

    assertThatThrownBy(() -> Datastores.open("sqlite:" + text))
        .isInstanceOf(DatastoreException.class)
        .hasMessageContaining(text.toString());
    assertThat(Files.readString(text)).isEqualTo("x".repeat(4096));
    assertThatThrownBy(() -> Datastores.open("sqlite:" + foreign))
        .isInstanceOf(DatastoreException.class)
        .hasMessageContaining("another program");
    assertThat(Files.size(foreign)).isEqualTo(foreignSize);
  }

  private static List<Path> filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.collect(Collectors.toList());
    }
  }
}
