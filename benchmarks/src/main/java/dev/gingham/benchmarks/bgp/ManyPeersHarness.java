package dev.gingham.benchmarks.bgp;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.EventSubscription;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many peers: one Gingham route reflector with N route-reflector clients (1,000 by default), each a
 * Gingham speaker of its own on its own loopback address, announcing 10 prefixes. It reports the
 * time from adding the sessions until all N are Established, and until they have converged: every
 * client's Loc-RIB holds every client's prefixes (10 N). Any session that leaves Established on the
 * way (a hold timer expiry, say) is counted and printed; the run fails if one does.
 *
 * <pre>
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.gingham.benchmarks.bgp.ManyPeersHarness \
 *     [--clients 1000] [--prefixes 10] [--timeout 300] [--hold 90]
 * </pre>
 *
 * <p>All speakers run in this JVM, one event loop each; the clients share the machine's cores with
 * the reflector, as they would not in a cluster, so the figure is an upper bound.
 */
public final class ManyPeersHarness {
  static final String REFLECTOR = "127.0.0.50";
  static final long AS = 64_512;

  private ManyPeersHarness() {}

  /** The loopback address of client {@code i} (0-based): 127.1.0.1 onwards, 250 per /24. */
  static String clientAddress(int i) {
    return "127.1." + (i / 250) + "." + (i % 250 + 1);
  }

  /** Runs the harness and prints its table. */
  public static void main(String[] args) throws Exception {
    int clients = 1000;
    int prefixes = 10;
    long timeout = 300;
    long hold = 90;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--clients":
          clients = Integer.parseInt(args[i + 1]);
          break;
        case "--prefixes":
          prefixes = Integer.parseInt(args[i + 1]);
          break;
        case "--timeout":
          timeout = Long.parseLong(args[i + 1]);
          break;
        case "--hold":
          hold = Long.parseLong(args[i + 1]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    FullTableHarness.printTable(
        System.out, List.of(measure(clients, prefixes, timeout, hold, System.out)));
  }

  /**
   * Runs one round and returns its figures as a {@link FullTableHarness.Result}: the routes the
   * clients received through the reflector, the seconds to convergence, the seconds to all
   * Established, and this JVM's peak RSS and CPU time (reflector and clients together).
   *
   * @throws IllegalStateException if it does not converge in time or a session drops
   */
  static FullTableHarness.Result measure(
      int clients, int prefixes, long timeout, long hold, PrintStream out) throws Exception {
    if (clients < 1 || clients > 250 * 250 || prefixes < 1 || prefixes > 256) {
      throw new IllegalArgumentException(
          "clients must be 1..62500 and prefixes 1..256, were " + clients + " and " + prefixes);
    }
    long self = ProcessHandle.current().pid();
    double cpuBefore = Processes.cpuSeconds(self);
    out.println("load before: " + FullTableHarness.loadAverage());
    List<BgpSpeaker> all = new ArrayList<>();
    ConcurrentLinkedQueue<String> drops = new ConcurrentLinkedQueue<>();
    AtomicInteger established = new AtomicInteger();
    try {
      BgpSpeaker rr =
          BgpSpeaker.builder()
              .localAs(AS)
              .routerId(Ipv4Address.parse(REFLECTOR))
              .clusterId(Ipv4Address.parse("10.255.0.1"))
              .listen(IpAddress.parse(REFLECTOR), 0)
              .name("reflector")
              .start();
      all.add(rr);
      int rrPort = rr.listenAddress().orElseThrow().getPort();
      EventSubscription sub =
          rr.events(
              EventOptions.DEFAULTS.withReplay(false).peerStatesOnly(),
              e -> {
                if (e instanceof BgpEvent.PeerStateChanged) {
                  BgpEvent.PeerStateChanged c = (BgpEvent.PeerStateChanged) e;
                  if (c.current() == PeerState.ESTABLISHED) {
                    established.incrementAndGet();
                  } else if (c.previous() == PeerState.ESTABLISHED) {
                    established.decrementAndGet();
                    drops.add(c.peer() + ": " + c.reason());
                  }
                }
              });
      List<BgpSpeaker> clientSpeakers = new ArrayList<>(clients);
      long setUp = System.nanoTime();
      for (int i = 0; i < clients; i++) {
        String address = clientAddress(i);
        BgpSpeaker c =
            BgpSpeaker.builder()
                .localAs(AS)
                .routerId(Ipv4Address.parse(address))
                .noListener()
                .name("client-" + i)
                .start();
        all.add(c);
        clientSpeakers.add(c);
        List<BgpRoute> own = new ArrayList<>(prefixes);
        for (int p = 0; p < prefixes; p++) {
          // Client i announces 10.(i / 256).(i % 256).p/32 for p < prefixes.
          own.add(
              BgpRoute.of(
                  IpPrefix.parse("10." + (i >> 8 & 0xFF) + "." + (i & 0xFF) + "." + p + "/32"),
                  PathAttributes.builder().build()));
        }
        c.announceAll(own);
      }
      out.printf(
          "%d client speakers started in %.2f s; adding the sessions%n",
          clients, (System.nanoTime() - setUp) / 1e9);
      long start = System.nanoTime();
      for (int i = 0; i < clients; i++) {
        IpAddress address = IpAddress.parse(clientAddress(i));
        rr.addPeer(
            PeerConfig.builder(address, AS)
                .passive(true)
                .routeReflectorClient(true)
                .holdTime(Duration.ofSeconds(hold))
                .families(Set.of(AddressFamily.IPV4_UNICAST))
                .build());
        clientSpeakers
            .get(i)
            .addPeer(
                PeerConfig.builder(IpAddress.parse(REFLECTOR), AS)
                    .port(rrPort)
                    .localAddress(address)
                    .holdTime(Duration.ofSeconds(hold))
                    .connectRetryTime(Duration.ofSeconds(1))
                    .families(Set.of(AddressFamily.IPV4_UNICAST))
                    .build());
      }
      long deadline = start + timeout * 1_000_000_000L;
      long allUp = -1;
      long converged = -1;
      int want = clients * prefixes;
      int behind = clients;
      while (System.nanoTime() < deadline) {
        Thread.sleep(200);
        if (allUp < 0 && established.get() == clients) {
          allUp = System.nanoTime();
        }
        if (allUp >= 0) {
          behind = 0;
          for (BgpSpeaker c : clientSpeakers) {
            if (c.ribSummary().ipv4Prefixes() < want) {
              behind++;
            }
          }
          if (behind == 0) {
            converged = System.nanoTime();
            break;
          }
        }
      }
      sub.close();
      out.println("load after: " + FullTableHarness.loadAverage());
      if (!drops.isEmpty()) {
        out.println(drops.size() + " session(s) left Established: " + drops);
      }
      if (converged < 0) {
        throw new IllegalStateException(
            "not converged after "
                + timeout
                + " s: "
                + established.get()
                + " of "
                + clients
                + " sessions up, "
                + behind
                + " clients short of "
                + want
                + " prefixes");
      }
      if (!drops.isEmpty()) {
        throw new IllegalStateException(drops.size() + " session(s) dropped: " + drops);
      }
      out.printf(
          "reflector: %d clients Established in %.2f s, converged in %.2f s, no session"
              + " dropped%n",
          clients, (allUp - start) / 1e9, (converged - start) / 1e9);
      return new FullTableHarness.Result(
          "gingham-rr-" + clients,
          (long) clients * (want - prefixes),
          (converged - start) / 1e9,
          (allUp - start) / 1e9,
          Processes.peakRss(self),
          Processes.cpuSeconds(self) - cpuBefore);
    } finally {
      for (int i = all.size() - 1; i >= 0; i--) {
        all.get(i).close();
      }
    }
  }
}
