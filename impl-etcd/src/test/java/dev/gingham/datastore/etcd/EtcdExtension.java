package dev.gingham.datastore.etcd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real etcd for a test class (registered as a static {@code @RegisterExtension} field) and
 * stops it afterwards, also when the class fails: one member or a cluster, on free loopback ports,
 * in a temporary folder that is deleted at the end. The TLS variant makes its certificates with
 * {@code openssl} and has etcd require client certificates.
 *
 * <p>Without {@code /usr/bin/etcd} (Debian's {@code etcd-server}) the class is skipped, except
 * under {@code CI=true}, where it fails: CI must have what the tests need.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {
  private final int size;
  private final boolean tls;
  private int depth;
  private @Nullable Path dir;
  private @Nullable TlsFiles tlsFiles;
  private List<EtcdProcess> members = List.of();

  private EtcdExtension(int size, boolean tls) {
    this.size = size;
    this.tls = tls;
  }

  /** One plain member. */
  public static EtcdExtension single() {
    return new EtcdExtension(1, false);
  }

  /** One member that speaks TLS only and requires a client certificate signed by its CA. */
  public static EtcdExtension withClientCertificates() {
    return new EtcdExtension(1, true);
  }

  /** A cluster of plain members. */
  public static EtcdExtension cluster(int size) {
    return new EtcdExtension(size, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    // @Nested classes inherit the extension: start once for the outermost class.
    if (depth++ > 0) {
      return;
    }
    requireBinary(EtcdProcess.BINARY, "etcd-server");
    if (tls) {
      requireBinary(Path.of("/usr/bin/openssl"), "openssl");
    }
    dir = Files.createTempDirectory("gingham-etcd-");
    try {
      if (tls) {
        tlsFiles = TlsFiles.create(Files.createDirectories(dir.resolve("tls")));
      }
      members =
          size == 1 ? List.of(EtcdProcess.single(dir, tlsFiles)) : EtcdProcess.cluster(dir, size);
      for (EtcdProcess m : members) {
        m.launch();
      }
      for (EtcdProcess m : members) {
        m.awaitReady();
      }
    } catch (RuntimeException | Error e) {
      shutDown();
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (--depth > 0) {
      return;
    }
    shutDown();
  }

  /** The URI of the store, with options such as {@code prefix=/x} (empty for none). */
  public String uri(String options) {
    String endpoints = members.stream().map(EtcdProcess::endpoint).collect(Collectors.joining(","));
    return (tls ? "etcds://" : "etcd://") + endpoints + (options.isEmpty() ? "" : "?" + options);
  }

  /** A member. */
  public EtcdProcess member(int index) {
    return members.get(index);
  }

  /** Every member. */
  public List<EtcdProcess> members() {
    return members;
  }

  /** The certificates of the TLS variant. */
  TlsFiles tls() {
    if (tlsFiles == null) {
      throw new IllegalStateException("this etcd has no TLS");
    }
    return tlsFiles;
  }

  /** A scratch folder that is deleted with the rest. */
  Path scratch() {
    if (dir == null) {
      throw new IllegalStateException("etcd has not started");
    }
    return dir;
  }

  private void shutDown() {
    for (EtcdProcess m : members) {
      m.close();
    }
    if (dir != null) {
      EtcdProcess.deleteTree(dir);
      dir = null;
    }
  }

  public static void requireBinary(Path binary, String debianPackage) {
    if (Files.isExecutable(binary)) {
      return;
    }
    String message =
        binary + " is missing: install Debian's " + debianPackage + " (./test.sh does, as root)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(message + "; under CI=true a missing prerequisite fails the test");
    }
    Assumptions.abort(message);
  }
}
