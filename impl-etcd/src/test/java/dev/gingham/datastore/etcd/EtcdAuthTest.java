package dev.gingham.datastore.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import dev.gingham.spi.datastore.Datastores;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** User and password authentication against an etcd with auth enabled. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EtcdAuthTest {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.single();

  private static final String PASSWORD = "s3cr3t-Pa55";

  @BeforeAll
  static void enableAuth() throws Exception {
    try (Client admin = Client.builder().endpoints("http://" + ETCD.member(0).endpoint()).build()) {
      admin.getAuthClient().roleAdd(bs("root")).get(10, TimeUnit.SECONDS);
      admin.getAuthClient().userAdd(bs("root"), bs(PASSWORD)).get(10, TimeUnit.SECONDS);
      admin.getAuthClient().userGrantRole(bs("root"), bs("root")).get(10, TimeUnit.SECONDS);
      admin.getAuthClient().authEnable().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theRightUserAndPasswordGetIn_andTheStoreNeverShowsThePassword() {
    try (Datastore store =
        Datastores.open(ETCD.uri("prefix=/auth/&user=root&password=" + PASSWORD))) {
      store.create("a", "1".getBytes(UTF_8));

      assertThat(store.get("a").orElseThrow().valueUtf8()).isEqualTo("1");
      assertThat(store.uri().toString()).doesNotContain(PASSWORD).contains("password=****");
      assertThat(store.toString()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aWrongPasswordIsRefusedAtOpen_withoutRepeatingIt() {
    assertThatThrownBy(() -> Datastores.open(ETCD.uri("user=root&password=wrong-" + PASSWORD)))
        .isInstanceOf(DatastoreException.class)
        .isNotInstanceOf(DatastoreUnavailableException.class)
        .hasMessageContaining("refused")
        .hasMessageContaining("authentication failed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
  }

  @Test
  void noCredentialsIsRefusedAtOpen() {
    assertThatThrownBy(() -> Datastores.open(ETCD.uri("prefix=/auth/")))
        .isInstanceOf(DatastoreException.class)
        .isNotInstanceOf(DatastoreUnavailableException.class)
        .hasMessageContaining("refused");
  }

  private static ByteSequence bs(String s) {
    return ByteSequence.from(s, UTF_8);
  }
}
