package dev.gingham.cli;

import dev.gingham.datastore.etcd.EtcdExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real etcd for every CLI test class that runs commands on {@link Cli.Store#ETCD}: registered
 * with {@code @ExtendWith}, it starts {@link EtcdExtension#single()} once, in the root context of
 * the run, which stops it (and deletes its folder) when the run ends, also after a failure. Each
 * {@link Cli} gets a key prefix of its own, so tests share the member but never see each other's
 * keys.
 */
final class EtcdForCli implements BeforeAllCallback {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static volatile EtcdExtension etcd;

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    root.getStore(ExtensionContext.Namespace.create(EtcdForCli.class))
        .getOrComputeIfAbsent(
            "etcd",
            key -> {
              EtcdExtension started = EtcdExtension.single();
              try {
                started.beforeAll(root);
              } catch (Exception e) {
                throw new IllegalStateException("etcd did not start: " + e.getMessage(), e);
              }
              etcd = started;
              return (ExtensionContext.Store.CloseableResource)
                  () -> {
                    etcd = null;
                    started.afterAll(root);
                  };
            });
  }

  /** The URI of a fresh, empty namespace in the shared etcd. */
  static String freshUri() {
    EtcdExtension e = etcd;
    if (e == null) {
      throw new IllegalStateException(
          "no etcd: annotate the test class with @ExtendWith(EtcdForCli.class)");
    }
    return e.uri("prefix=/cli-test-" + PREFIXES.incrementAndGet());
  }
}
