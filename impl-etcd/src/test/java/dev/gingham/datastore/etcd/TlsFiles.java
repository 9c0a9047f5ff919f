package dev.gingham.datastore.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates made at test time with {@code openssl}: a CA, a server certificate for
 * 127.0.0.1 and localhost, and a client certificate, with unencrypted PKCS#8 keys (P-256, which is
 * quick to make).
 *
 * @param ca the CA certificate
 * @param serverCert the server certificate
 * @param serverKey its key
 * @param clientCert the client certificate
 * @param clientKey its key
 * @param otherCa a second CA that signed nothing here, to show that a wrong CA is refused
 */
public record TlsFiles(
    Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path otherCa) {

  /** Makes the files in a folder. */
  public static TlsFiles create(Path dir) {
    ca(dir, "ca", "/CN=gingham-test-ca");
    ca(dir, "other-ca", "/CN=gingham-other-ca");
    leaf(
        dir,
        "server",
        "/CN=127.0.0.1",
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
    leaf(dir, "client", "/CN=gingham-client", "extendedKeyUsage=clientAuth\n");
    return new TlsFiles(
        dir.resolve("ca.pem"),
        dir.resolve("server.pem"),
        dir.resolve("server-key.pem"),
        dir.resolve("client.pem"),
        dir.resolve("client-key.pem"),
        dir.resolve("other-ca.pem"));
  }

  /** A self-signed CA certificate {@code name.pem} and its key {@code name-key.pem}. */
  private static void ca(Path dir, String name, String subject) {
    List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509"));
    command.addAll(newKey(name));
    command.addAll(List.of("-out", name + ".pem", "-days", "2", "-subj", subject));
    run(dir, command);
  }

  /** A certificate {@code name.pem} signed by the CA, with its key {@code name-key.pem}. */
  private static void leaf(Path dir, String name, String subject, String extensions) {
    try {
      Files.writeString(dir.resolve(name + ".ext"), extensions, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> request = new ArrayList<>(List.of("openssl", "req"));
    request.addAll(newKey(name));
    request.addAll(List.of("-out", name + ".csr", "-subj", subject));
    run(dir, request);
    run(
        dir,
        List.of(
            "openssl",
            "x509",
            "-req",
            "-in",
            name + ".csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca-key.pem",
            "-CAcreateserial",
            "-out",
            name + ".pem",
            "-days",
            "2",
            "-extfile",
            name + ".ext"));
  }

  /** The options that make a new unencrypted P-256 key {@code name-key.pem}. */
  private static List<String> newKey(String name) {
    return List.of(
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + "-key.pem");
  }

  private static void run(Path dir, List<String> args) {
    try {
      Process p =
          new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", args) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
