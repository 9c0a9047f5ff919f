package dev.gingham.internal.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.DataplaneEvent;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.Subscription;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the simulation does beyond the test kit: its own errors, lifetimes and backpressure. */
@Timeout(30)
class SimulatedDataplaneTest {
  private final SimulatedDataplane dp = new SimulatedDataplane();
  private final NetworkNamespace host = dp.namespaces().host();

  @AfterEach
  void close() {
    dp.close();
  }

  @Test
  void aClosedHandleOrDataplaneCannotBeUsed() {
    NetworkNamespace ns = dp.namespaces().create("a");
    ns.close();
    assertThatThrownBy(() -> dp.links().list(ns))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a");
    SimulatedDataplane other = new SimulatedDataplane();
    assertThatThrownBy(() -> dp.links().list(other.namespaces().host()))
        .isInstanceOf(IllegalArgumentException.class);
    other.close();
    assertThatThrownBy(() -> other.links().list(host)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDeletedNamespaceLivesOnUntilItsLastHandleCloses() {
    NetworkNamespace ns = dp.namespaces().create("pod");
    dp.links().createVeth(host, new VethSpec("cali1", null, "eth0", ns, null, 0));
    assertThat(dp.namespaces().delete("pod")).isTrue();
    assertThat(dp.namespaces().list()).doesNotContain("pod");
    assertThat(dp.links().get(ns, "eth0")).isPresent();
    assertThat(dp.links().get(host, "cali1")).isPresent();
    ns.close();
    assertThat(dp.links().get(host, "cali1")).as("the peer goes with the namespace").isEmpty();
  }

  @Test
  void badParameterValuesAndUnknownNamesAreRefused() {
    assertThatThrownBy(
            () -> dp.sysctls().set(host, Sysctl.forwarding(dev.gingham.net.IpFamily.IPV4), "yes"))
        .isInstanceOf(DataplaneException.class)
        .hasMessageContaining("EINVAL")
        .hasMessageContaining("yes");
    assertThatThrownBy(() -> dp.namespaces().create("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a/b");
  }

  @Test
  void ipForwardTurnsOnEveryInterfacesForwarding() {
    dp.links().createVeth(host, new VethSpec("cali1", null, "cali2", host, null, 0));
    dp.sysctls().set(host, Sysctl.forwarding(dev.gingham.net.IpFamily.IPV4), "1");
    assertThat(dp.sysctls().get(host, Sysctl.forwarding(dev.gingham.net.IpFamily.IPV4, "cali1")))
        .isEqualTo("1");
  }

  @Test
  void aGatewayOnNoConnectedSubnetIsUnreachable() {
    Route r =
        Route.builder(IpPrefix.parse("10.1.0.0/16"))
            .gateway(IpAddress.parse("192.0.2.1"))
            .protocol(80)
            .build();
    assertThatThrownBy(() -> dp.routes().add(host, r))
        .isInstanceOf(DataplaneException.class)
        .hasMessageContaining("ENETUNREACH");
  }

  /** A transaction on the table {@code inet gingham}. */
  private static FilterTransaction.Builder tx() {
    return FilterTransaction.builder(FilterFamily.INET, "gingham");
  }

  private void apply(FilterTransaction.Builder tx) {
    dp.packetFilter().apply(host, tx.build());
  }

  @Test
  void aSetARuleUsesCannotBeDeleted() {
    FilterObject.NamedSet set = new FilterObject.NamedSet("allowed", "ipv4_addr", List.of(), null);
    apply(
        tx().add(set)
            .add(FilterObject.Chain.regular("c"))
            .add(FilterObject.Rule.of("c", "ip saddr @allowed accept")));
    assertThatThrownBy(() -> apply(tx().delete(set)))
        .isInstanceOf(DataplaneException.class)
        .hasMessageContaining("EBUSY");
  }

  @Test
  void aFailedTransactionLeavesTheTableAsItWasEvenAfterElementsWereAddedInPlace() {
    FilterObject.NamedSet set = new FilterObject.NamedSet("pods", "ipv4_addr", List.of(), null);
    apply(
        tx().add(set)
            .add(new FilterObject.Element("pods", "10.0.0.2", null))
            .add(new FilterObject.Element("pods", "10.0.0.1", null))
            .add(FilterObject.Chain.regular("c"))
            .add(FilterObject.Rule.of("c", "ip saddr @pods accept")));
    var before = dp.packetFilter().read(host, FilterFamily.INET, "gingham").orElseThrow();
    // Two adds to the set (made in place), a delete (made on a copy), then a failing rule.
    assertThatThrownBy(
            () ->
                apply(
                    tx().add(new FilterObject.Element("pods", "10.0.0.3", null))
                        .add(new FilterObject.Element("pods", "10.0.0.4", null))
                        .delete(new FilterObject.Element("pods", "10.0.0.2", null))
                        .add(new FilterObject.Element("pods", "10.0.0.5", null))
                        .add(FilterObject.Rule.of("c", "jump nowhere"))))
        .isInstanceOf(DataplaneException.class)
        .hasMessageContaining("no chain nowhere");
    assertThat(dp.packetFilter().read(host, FilterFamily.INET, "gingham").orElseThrow())
        .isEqualTo(before);
    assertThat(before.elements().get("pods"))
        .extracting(FilterObject.Element::key)
        .containsExactly("10.0.0.2", "10.0.0.1");
    // And the table still takes transactions, from the state before the failed one.
    apply(tx().add(new FilterObject.Element("pods", "10.0.0.3", null)));
    assertThat(dp.packetFilter().read(host, FilterFamily.INET, "gingham").orElseThrow().elements())
        .extractingByKey("pods")
        .asList()
        .hasSize(3);
  }

  @Test
  void aSubscriberThatFallsBehindGetsOneOverflow() throws InterruptedException {
    dp.links().createVeth(host, new VethSpec("cali1", null, "cali2", host, null, 0));
    dp.links().setUp(host, "cali1", true);
    CountDownLatch release = new CountDownLatch(1);
    LinkedBlockingQueue<DataplaneEvent> seen = new LinkedBlockingQueue<>();
    Subscription s =
        dp.subscribe(
            host,
            EnumSet.of(DataplaneEvent.Topic.ROUTES),
            e -> {
              seen.add(e);
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
              }
            });
    // The listener is stuck on the first event; the rest overrun the queue.
    for (int i = 0; i < SimulatedDataplane.SUBSCRIPTION_QUEUE + 10; i++) {
      Route r =
          Route.builder(IpPrefix.ofMasking(IpAddress.parse("10.0.0.0").add(i * 256L), 24))
              .device("cali1")
              .protocol(80)
              .build();
      dp.routes().add(host, r);
    }
    release.countDown();
    DataplaneEvent overflow = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (overflow == null && System.nanoTime() < deadline) {
      DataplaneEvent e = seen.poll(100, TimeUnit.MILLISECONDS);
      if (e instanceof DataplaneEvent.Overflow) {
        overflow = e;
      }
    }
    assertThat(overflow).isNotNull();
    assertThat(s.isClosed()).isFalse();
    s.close();
  }

  @Test
  void aListenerThatThrowsEndsItsSubscription() throws InterruptedException {
    CountDownLatch called = new CountDownLatch(1);
    Subscription s =
        dp.subscribe(
            host,
            EnumSet.of(DataplaneEvent.Topic.ADDRESSES),
            e -> {
              called.countDown();
              throw new IllegalStateException("listener failed on purpose");
            });
    dp.links().createVeth(host, new VethSpec("cali1", null, "cali2", host, null, 0));
    dp.addresses().add(host, InterfaceAddress.of("cali1", IpAddress.parse("10.0.0.1"), 24));
    assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!s.isClosed() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(s.isClosed()).isTrue();
  }
}
