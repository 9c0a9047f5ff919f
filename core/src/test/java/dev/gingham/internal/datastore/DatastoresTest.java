package dev.gingham.internal.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreProvider;
import dev.gingham.spi.datastore.Datastores;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DatastoresTest {
  @Test
  void serviceLoaderFindsTheMemoryProvider() {
    assertThat(ServiceLoader.load(DatastoreProvider.class).stream())
        .anyMatch(p -> p.type() == MemoryDatastoreProvider.class);
    assertThat(Datastores.providers()).anyMatch(MemoryDatastoreProvider.class::isInstance);
    assertThat(Datastores.knownSchemes()).contains("memory");
  }

  @Test
  void opensMemoryByUri() {
    try (Datastore store = Datastores.open("memory:")) {
      assertThat(store.currentRevision()).isEqualTo(1);
      assertThat(store.uri().getScheme()).isEqualTo("memory");
    }
  }

  @Test
  void eachMemoryStoreIsPrivate() {
    try (Datastore a = Datastores.open("memory:");
        Datastore b = Datastores.open("memory:")) {
      a.put("k", new byte[] {1});

      assertThat(b.get("k")).isEmpty();
    }
  }

  @Test
  void unknownSchemeListsTheKnownOnes() {
    assertThatThrownBy(() -> Datastores.open("redis://localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'redis'")
        .hasMessageContaining("memory");
  }

  @Test
  void missingProviderSaysWhichArtifactToAdd() {
    assertThatThrownBy(() -> Datastores.open("etcd://127.0.0.1:2379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gingham-impl-etcd");
  }

  @Test
  void malformedUrisAreRefusedWithTheirText() {
    assertThatThrownBy(() -> Datastores.open(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Datastores.open("no-scheme-here"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no scheme");
    assertThatThrownBy(() -> Datastores.open("memory:bad uri with spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memory:bad uri with spaces");
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> Datastores.open("memory:?histroy=5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("histroy")
        .hasMessageContaining("history");
    assertThatThrownBy(() -> Datastores.open("memory:?history=lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("history")
        .hasMessageContaining("lots");
    assertThatThrownBy(() -> Datastores.open("memory:shared-name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shared-name");
  }

  @Test
  void forcedProviderMustExist() {
    System.setProperty(Datastores.PROVIDER_PROPERTY, "com.example.Missing");
    try {
      assertThatThrownBy(() -> Datastores.open("memory:"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("com.example.Missing");
    } finally {
      System.clearProperty(Datastores.PROVIDER_PROPERTY);
    }
  }

  @Test
  void defaultHonoursTheProperty() {
    System.setProperty(Datastores.URI_PROPERTY, "memory:?history=99");
    try (Datastore store = Datastores.openDefault()) {
      assertThat(store.uri().toString()).isEqualTo("memory:?history=99");
    } finally {
      System.clearProperty(Datastores.URI_PROPERTY);
    }
  }

  @Test
  void defaultFallsBackToMemoryWhenNothingDurableIsThere() {
    // core's tests have no SQLite provider on the path, so the fallback is the in-memory store.
    if (System.getenv(Datastores.URI_ENVIRONMENT) != null) {
      return;
    }
    try (Datastore store = Datastores.openDefault()) {
      assertThat(store.uri().getScheme()).isEqualTo("memory");
    }
  }
}
