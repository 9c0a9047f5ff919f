package dev.gingham.cli;

import dev.gingham.datastore.etcd.EtcdExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real etcd for every CLI test that runs commands on {@link Cli.Store#ETCD}. A test class
 * registers this with {@code @ExtendWith}; the first {@link Cli} on etcd starts {@link
 * EtcdExtension#single()} in the root context of the run, which stops it (and deletes its folder)
 * when the run ends, also after a failure. Each {@link Cli} gets a key prefix of its own, so tests
 * share the member but never see each other's keys.
 *
 * <p>Starting it lazily keeps a missing etcd to the etcd cases: without {@code /usr/bin/etcd} they
 * are skipped (and fail under {@code CI=true}, as {@link EtcdExtension} decides), while the same
 * tests on memory and SQLite still run.
 */
final class EtcdForCli implements BeforeAllCallback {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static volatile ExtensionContext root;

  @Override
  public void beforeAll(ExtensionContext context) {
    root = context.getRoot();
  }

  /** The URI of a fresh, empty namespace in the run's etcd, which is started on first use. */
  static String freshUri() {
    ExtensionContext r = root;
    if (r == null) {
      throw new IllegalStateException(
          "no etcd: annotate the test class with @ExtendWith(EtcdForCli.class)");
    }
    Member member =
        r.getStore(ExtensionContext.Namespace.create(EtcdForCli.class))
            .getOrComputeIfAbsent("etcd", key -> Member.start(r), Member.class);
    return member.etcd.uri("prefix=/cli-test-" + PREFIXES.incrementAndGet());
  }

  /** The running member, stopped when the root context closes. */
  private static final class Member implements ExtensionContext.Store.CloseableResource {
    private final EtcdExtension etcd;
    private final ExtensionContext root;

    private Member(EtcdExtension etcd, ExtensionContext root) {
      this.etcd = etcd;
      this.root = root;
    }

    static Member start(ExtensionContext root) {
      EtcdExtension etcd = EtcdExtension.single();
      try {
        etcd.beforeAll(root);
      } catch (RuntimeException | Error e) {
        throw e; // a missing binary aborts (or, under CI=true, fails) the test that asked
      } catch (Exception e) {
        throw new IllegalStateException("etcd did not start: " + e.getMessage(), e);
      }
      return new Member(etcd, root);
    }

    @Override
    public void close() {
      etcd.afterAll(root);
    }
  }
}
