package dev.gingham.benchmarks.dataplane;

import dev.gingham.dataplane.linux.netlink.NetlinkChannel;
import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.dataplane.linux.rtnl.LinkNames;
import dev.gingham.dataplane.linux.rtnl.RouteCodec;
import dev.gingham.dataplane.linux.rtnl.Rtnl;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv6Address;
import dev.gingham.route.Route;
import dev.gingham.route.RouteType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path of route programming in Java: one route written into the netlink send buffer, as
 * {@code Routes.apply} writes each change of a batch (device routes, routes through a gateway, IPv6
 * blackholes, in turn). It must allocate nothing per route: run with {@code -prof gc} and read
 * {@code gc.alloc.rate.norm}.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar RouteEncodeBenchmark -f 1 -prof
 * gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteEncodeBenchmark {
  private static final int SIZE = 1024;
  private static final int FLAGS =
      NetlinkChannel.NLM_F_REQUEST | NetlinkChannel.NLM_F_CREATE | NetlinkChannel.NLM_F_EXCL;

  private final NetlinkWriter writer = new NetlinkWriter(NetlinkChannel.SEND_CAPACITY);
  private final Route[] routes = new Route[SIZE];
  private int next;
  private int seq;

  private static final LinkNames NAMES =
      new LinkNames() {
        private final List<String> devices = List.of("cali0", "cali1", "eth0");

        @Override
        public int indexOf(String name) {
          return devices.indexOf(name) + 2;
        }

        @Override
        public @Nullable String nameOf(int index) {
          return devices.get(index - 2);
        }
      };

  public RouteEncodeBenchmark() {
    for (int i = 0; i < SIZE; i++) {
      Route r;
      switch (i % 3) {
        case 0:
          r =
              Route.builder(IpPrefix.of(IpAddress.parse("10.65.0.0").add(i), 32))
                  .device("cali" + (i & 1))
                  .protocol(Route.PROTOCOL_GINGHAM)
                  .build();
          break;
        case 1:
          r =
              Route.builder(IpPrefix.of(IpAddress.parse("10.66.0.0").add(64L * i), 26))
                  .gateway(IpAddress.parse("192.0.2.7"))
                  .device("eth0")
                  .protocol(Route.PROTOCOL_GINGHAM)
                  .build();
          break;
        default:
          r =
              Route.builder(IpPrefix.of(Ipv6Address.of(0x2001_0db8_0000_0000L + i, 0), 64))
                  .type(RouteType.BLACKHOLE)
                  .protocol(Route.PROTOCOL_GINGHAM)
                  .build();
      }
      routes[i] = r;
    }
  }

  @Benchmark
  public int encodeRoute() {
    if (writer.remaining() < 4096) {
      writer.clear();
    }
    Route r = routes[next++ & (SIZE - 1)];
    RouteCodec.write(writer, seq++, Rtnl.RTM_NEWROUTE, FLAGS, r, NAMES);
    return writer.position();
  }
}
