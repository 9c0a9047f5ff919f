package dev.gingham.internal.ipam;

import dev.gingham.datastore.etcd.EtcdExtension;
import dev.gingham.datastore.etcd.EtcdProcess;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.ActionChain;

/**
 * The model-based properties on a real etcd, a key namespace per try. jqwik runs no JUnit
 * extensions, so the container's lifecycle starts and stops the etcd member itself.
 */
@Tag("etcd")
class EtcdIpamModelProperties extends IpamModelProperties {
  private static final AtomicInteger TRIES = new AtomicInteger();
  private static Path dir;
  private static EtcdProcess etcd;

  @BeforeContainer
  static void startEtcd() throws IOException {
    EtcdExtension.requireBinary(EtcdProcess.BINARY, "etcd-server");
    dir = Files.createTempDirectory("gingham-ipam-etcd");
    etcd = EtcdProcess.single(dir, null);
    etcd.start();
  }

  @AfterContainer
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
    if (dir != null) {
      EtcdProcess.deleteTree(dir);
    }
  }

  @Override
  protected Datastore newStore() {
    return Datastores.open(
        "etcd://" + etcd.endpoint() + "?prefix=/ipam-model/" + TRIES.incrementAndGet() + "/");
  }

  @Property(tries = 20)
  void theEngineKeepsToTheModel(@ForAll("chains") ActionChain<IpamModel> chain) {
    runChecked(chain);
  }
}
