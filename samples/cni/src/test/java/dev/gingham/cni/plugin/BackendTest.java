package dev.gingham.cni.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store opened before the configuration is read whole: only where opening it changes nothing
 * (an SQLite file that exists), used only when it is the store the configuration names, and closed
 * otherwise.
 */
class BackendTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PluginLog log =
      new PluginLog(new PrintStream(err, true, StandardCharsets.UTF_8), "gingham");

  @Test
  void aStoreThatDoesNotExistIsNotOpenedAheadNorCreated() {
    Path file = dir.resolve("missing/state.db");
    assertThat(Backend.openStoreAhead("sqlite:" + file, log)).isNull();
    assertThat(Backend.openStoreAhead(null, log)).isNull();
    assertThat(Backend.openStoreAhead("memory:", log)).isNull();
    assertThat(Backend.openStoreAhead("sqlite:relative.db", log)).isNull();
    assertThat(Backend.openStoreAhead("sqlite:/%zz", log)).isNull();
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void theStoreOpenedAheadIsUsedWhenTheConfigurationNamesIt() {
    String uri = existingStore("a.db");
    Backend.StoreAhead ahead = openedAhead(uri);
    Datastore opened = ahead.opening().join(log);
    try (Backend backend = new Backend(uri, log, null, null, ahead)) {
      assertThat(backend.store()).isSameAs(opened);
    }
    assertThatThrownBy(opened::currentRevision).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStoreOpenedAheadThatIsNotTheOneNamedIsClosedAndTheNamedOneOpens() {
    String probed = existingStore("probed.db");
    String named = existingStore("named.db");
    Backend.StoreAhead ahead = openedAhead(probed);
    Datastore wrong = ahead.opening().join(log);
    try (Backend backend = new Backend(named, log, null, null, ahead)) {
      backend.openStoreAhead();
      Datastore used = backend.store();
      assertThat(used).isNotSameAs(wrong);
      assertThat(used.uri().toString()).endsWith("named.db");
      assertThatThrownBy(wrong::currentRevision).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aStoreOpenedAheadAndNeverUsedIsClosedWithTheBackend() {
    String uri = existingStore("unused.db");
    Backend.StoreAhead ahead = openedAhead(uri);
    Datastore opened = ahead.opening().join(log);
    new Backend(uri, log, null, null, ahead).close();
    assertThatThrownBy(opened::currentRevision).isInstanceOf(IllegalStateException.class);
  }

  private Backend.StoreAhead openedAhead(String uri) {
    Backend.StoreAhead ahead = Backend.openStoreAhead(uri, log);
    assertThat(ahead).as("opened ahead: " + uri).isNotNull();
    return ahead;
  }

  private String existingStore(String name) {
    String uri = "sqlite:" + dir.resolve(name);
    Datastores.open(uri).close();
    assertThat(Files.isRegularFile(dir.resolve(name))).isTrue();
    return uri;
  }
}
