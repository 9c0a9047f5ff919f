package dev.gingham.datastore.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.DatastoreUnavailableException;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the provider, and refusing bad URIs before anything is dialled: every bad URI here points
 * at a listening socket that counts the connections it gets, and gets none.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EtcdDatastoreProviderTest {
  private ServerSocket tripwire;
  private final AtomicInteger connections = new AtomicInteger();
  private Thread acceptor;
  @TempDir Path dir;

  @BeforeEach
  void listen() throws IOException {
    tripwire = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (true) {
                Socket dialled;
                try {
                  dialled = tripwire.accept();
                } catch (IOException e) {
                  return; // Closed at the end of the test.
                }
                connections.incrementAndGet();
                try {
                  dialled.close();
                } catch (IOException e) {
                  // Counted; closing is all that is left.
                }
              }
            },
            "tripwire");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws Exception {
    tripwire.close();
    acceptor.join(5_000);
  }

  private String member() {
    return "127.0.0.1:" + tripwire.getLocalPort();
  }

  @Test
  void serviceLoaderFindsTheProviderForBothSchemes() {
    assertThat(Datastores.providers()).anyMatch(p -> p instanceof EtcdDatastoreProvider);
    assertThat(Datastores.knownSchemes()).contains("etcd", "etcds");
  }

  @Test
  void badUrisAreRefusedWithTheirMistakeNamed_andNothingIsDialled() throws Exception {
    Path real = Files.writeString(dir.resolve("exists.pem"), "x", StandardCharsets.UTF_8);
    String m = member();
    List<String[]> cases =
        List.of(
            new String[] {"etcd://" + m + "?colour=blue", "unknown option 'colour'"},
            new String[] {"etcd://" + m + "?requestTimeout=soon", "'requestTimeout'"},
            new String[] {"etcd://" + m + "?dialTimeout=0s", "'dialTimeout'"},
            new String[] {"etcd://" + m + "?requestTimeout=2h", "'requestTimeout'"},
            new String[] {"etcd://" + m + "?watchQueue=0", "'watchQueue'"},
            new String[] {"etcd://" + m + "?tls=maybe", "'tls'"},
            new String[] {"etcd://" + m + "?tls=false&ca=" + real, "tls=false"},
            new String[] {"etcds://" + m + "?tls=false", "etcds"},
            new String[] {"etcd://" + m + "?cert=" + real, "without 'key'"},
            new String[] {"etcd://" + m + "?key=" + real, "without 'cert'"},
            new String[] {"etcd://" + m + "?ca=" + dir.resolve("missing.pem"), "does not exist"},
            new String[] {"etcd://" + m + "?ca=" + dir, "not a regular file"},
            new String[] {"etcd://" + m + "?user=u", "without 'password'"},
            new String[] {"etcd://" + m + "?password=p", "without 'user'"},
            new String[] {"etcd://" + m + "?user=&password=p", "'user'"},
            new String[] {"etcd://" + m + "/gingham", "?prefix="},
            new String[] {"etcd://" + m + ",", "empty member"},
            new String[] {"etcd://" + m + "," + m, "twice"},
            new String[] {"etcd://127.0.0.1:0", "port '0'"},
            new String[] {"etcd://127.0.0.1:99999", "port '99999'"},
            new String[] {"etcd://127.0.0.1:x1", "port 'x1'"},
            new String[] {"etcd://[::1:2379", "malformed"},
            new String[] {"etcd://%5B::1:2379", "unclosed"},
            new String[] {"etcd://%5Bnothex%5D:2379", "not IPv6"},
            new String[] {"etcd://host_name:2379", "not a host name"},
            new String[] {"etcd:relative", "names no members"},
            new String[] {"etcd://", "malformed"},
            new String[] {"etcd://" + m + "?ca=" + real, "'ca'"});
    for (String[] c : cases) {
      assertThatThrownBy(() -> Datastores.open(c[0]))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c[1]);
    }
    Thread.sleep(200);
    assertThat(connections.get()).isZero();
  }

  @Test
  void passwordsNeverAppearInMessages() {
    String secret = "hunter2-secret";
    assertThatThrownBy(
            () -> Datastores.open("etcd://" + member() + "?user=u&password=" + secret + "&x=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret).contains("****"));
    assertThatThrownBy(
            () -> Datastores.open("etcd://u:" + secret + "@" + member() + "," + member()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("?user=")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    assertThatThrownBy(() -> Datastores.open("etcd://u:" + secret + "@" + member()))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
  }

  @Test
  void aMemberThatDoesNotAnswerMakesOpenFailAfterTheDialTimeout() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String uri = "etcd://127.0.0.1:" + closedPort + "?dialTimeout=1s";
    long start = System.nanoTime();

    assertThatThrownBy(() -> Datastores.open(uri))
        .isInstanceOf(DatastoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("1000ms");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 15_000L);
  }
}
