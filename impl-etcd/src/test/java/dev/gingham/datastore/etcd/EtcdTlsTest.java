package dev.gingham.datastore.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import dev.gingham.spi.datastore.Datastores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a TLS etcd with client-certificate authentication lets through, and what it refuses. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EtcdTlsTest {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.withClientCertificates();

  @Test
  void theRightCaAndClientCertificateGetIn() {
    TlsFiles tls = ETCD.tls();
    try (Datastore store =
        Datastores.open(
            ETCD.uri("ca=" + tls.ca() + "&cert=" + tls.clientCert() + "&key=" + tls.clientKey()))) {
      store.create("tls/a", "1".getBytes(UTF_8));

      assertThat(store.get("tls/a").orElseThrow().valueUtf8()).isEqualTo("1");
      assertThat(store.uri().getScheme()).isEqualTo("etcds");
    }
  }

  @Test
  void withoutAClientCertificateEtcdRefusesTheConnection() {
    TlsFiles tls = ETCD.tls();

    assertThatThrownBy(() -> Datastores.open(ETCD.uri("ca=" + tls.ca() + "&dialTimeout=2s")))
        .isInstanceOf(DatastoreUnavailableException.class)
        .hasMessageContaining(ETCD.member(0).endpoint())
        .hasMessageContaining("2000ms");
  }

  @Test
  void aServerCertificateFromAnotherCaIsRefused() {
    TlsFiles tls = ETCD.tls();

    assertThatThrownBy(
            () ->
                Datastores.open(
                    ETCD.uri(
                        "ca="
                            + tls.otherCa()
                            + "&cert="
                            + tls.clientCert()
                            + "&key="
                            + tls.clientKey()
                            + "&dialTimeout=2s")))
        .isInstanceOf(DatastoreUnavailableException.class);
  }

  @Test
  void plainTextToATlsMemberIsRefused() {
    String plain = ETCD.uri("dialTimeout=2s").replace("etcds://", "etcd://");

    assertThatThrownBy(() -> Datastores.open(plain))
        .isInstanceOf(DatastoreUnavailableException.class);
  }

  @Test
  void aFileThatIsNotACertificateIsABadOptionBeforeAnyConnection() throws Exception {
    Path notPem = Files.writeString(ETCD.scratch().resolve("not-a-cert.pem"), "hello", UTF_8);

    assertThatThrownBy(() -> Datastores.open(ETCD.uri("ca=" + notPem)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ca'")
        .hasMessageContaining(notPem.toString());
    assertThatThrownBy(
            () ->
                Datastores.open(
                    ETCD.uri("ca=" + ETCD.tls().ca() + "&cert=" + notPem + "&key=" + notPem)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cert'")
        .hasMessageContaining("'key'");
  }
}
