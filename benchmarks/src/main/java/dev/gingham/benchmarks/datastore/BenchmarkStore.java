package dev.gingham.benchmarks.datastore;

import dev.gingham.datastore.etcd.EtcdProcess;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A store a multi-client benchmark runs on: {@code memory}, {@code sqlite} or {@code etcd}, with
 * what it needs behind it (a temporary directory, and for etcd a real single member on loopback
 * started with Debian's {@code /usr/bin/etcd}).
 *
 * <p>Clients call {@link #open()}: for SQLite and etcd that is a client of its own, as each host
 * would have; the in-memory store is private to its opener, so there every client shares one.
 */
public final class BenchmarkStore implements AutoCloseable {
  private final Path dir;
  private final @Nullable EtcdProcess etcd;
  private final @Nullable Datastore shared;
  private final String uri;

  private BenchmarkStore(
      Path dir, @Nullable EtcdProcess etcd, @Nullable Datastore shared, String uri) {
    this.dir = dir;
    this.etcd = etcd;
    this.shared = shared;
    this.uri = uri;
  }

  /**
   * Starts a store of the given kind.
   *
   * @throws IllegalArgumentException if {@code kind} is not memory, sqlite or etcd
   */
  public static BenchmarkStore start(String kind) throws IOException {
    Path dir = Files.createTempDirectory("gingham-bench-");
    switch (kind) {
      case "memory":
        return new BenchmarkStore(dir, null, Datastores.open("memory:"), "memory:");
      case "sqlite":
        return new BenchmarkStore(dir, null, null, "sqlite:" + dir.resolve("state.db"));
      case "etcd":
        EtcdProcess etcd = EtcdProcess.single(dir, null);
        try {
          etcd.start();
        } catch (RuntimeException e) {
          etcd.close();
          EtcdProcess.deleteTree(dir);
          throw e;
        }
        return new BenchmarkStore(dir, etcd, null, "etcd://" + etcd.endpoint() + "?prefix=/bench/");
      default:
        EtcdProcess.deleteTree(dir);
        throw new IllegalArgumentException("unknown store kind '" + kind + "'");
    }
  }

  /** A client of the store: a new one, or the shared in-memory store. */
  public Datastore open() {
    return shared != null ? shared : Datastores.open(uri);
  }

  /** Closes a client from {@link #open()}; the shared in-memory store stays open until close. */
  public void release(Datastore client) {
    if (client != shared) {
      client.close();
    }
  }

  /** Closes the shared store, stops etcd and deletes the directory. */
  @Override
  public void close() {
    try {
      if (shared != null) {
        shared.close();
      }
    } finally {
      if (etcd != null) {
        etcd.close();
      }
      EtcdProcess.deleteTree(dir);
    }
  }
}
