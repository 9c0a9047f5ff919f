package dev.gingham.datastore.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** Builds the jetcd client an {@link EtcdOptions} describes. */
final class ClientFactory {
  /**
   * The largest message the client accepts: a page of values of up to 1.5 MiB each, or a watch
   * response that carries many revisions at once. A larger list page is read again in smaller pages
   * (see {@link EtcdDatastore#list}).
   */
  static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

  private ClientFactory() {}

  /**
   * Reads the TLS files and builds the client. Connects to nothing: gRPC dials on the first call.
   *
   * @throws IllegalArgumentException if a TLS file cannot be read as what its option says
   */
  static Client build(EtcdOptions options) {
    ClientBuilder builder =
        Client.builder()
            .endpoints(
                options.endpoints().stream()
                    .map(e -> URI.create((options.tls() ? "https://" : "http://") + e))
                    .toArray(URI[]::new))
            // Calls decides what to retry; jetcd's own retries would repeat writes on its terms.
            .retryMaxAttempts(0)
            // etcd's server refuses keepalive pings on a connection with no call in flight
            // (PermitWithoutStream is false) and answers a second one with GOAWAY
            // ENHANCE_YOUR_CALM, which cuts every call then in flight. Ping only while calls run.
            .keepaliveWithoutCalls(false)
            .connectTimeout(options.dialTimeout())
            .maxInboundMessageSize(MAX_INBOUND_BYTES)
            .interceptor(new UnaryDeadlines(options.requestTimeout()));
    if (options.user() != null && options.password() != null) {
      builder
          .user(ByteSequence.from(options.user(), StandardCharsets.UTF_8))
          .password(ByteSequence.from(options.password(), StandardCharsets.UTF_8));
    }
    if (options.tls()) {
      builder.sslContext(sslContext(options));
    }
    return builder.build();
  }

  private static SslContext sslContext(EtcdOptions options) {
    SslContextBuilder ssl = GrpcSslContexts.forClient();
    Path ca = options.ca();
    if (ca != null) {
      try {
        ssl.trustManager(ca.toFile());
      } catch (IllegalArgumentException e) {
        throw bad(EtcdOptions.CA, ca, "PEM certificates", e);
      }
    }
    Path cert = options.cert();
    Path key = options.key();
    if (cert != null && key != null) {
      try {
        ssl.keyManager(cert.toFile(), key.toFile());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "options '"
                + EtcdOptions.CERT
                + "' and '"
                + EtcdOptions.KEY
                + "' ("
                + cert
                + ", "
                + key
                + ") are not a PEM certificate and its unencrypted PKCS#8 PEM key: "
                + e.getMessage(),
            e);
      }
    }
    try {
      return ssl.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the TLS options of an etcd datastore URI cannot be used: " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException bad(
      String option, Path file, String expected, Exception e) {
    return new IllegalArgumentException(
        "option '"
            + option
            + "' names '"
            + file
            + "', which does not hold "
            + expected
            + ": "
            + e.getMessage(),
        e);
  }
}
