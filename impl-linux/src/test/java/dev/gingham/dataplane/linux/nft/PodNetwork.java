package dev.gingham.dataplane.linux.nft;

import dev.gingham.dataplane.linux.NsThread;
import dev.gingham.dataplane.linux.Shell;
import dev.gingham.net.IpAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pods as network namespaces routed through a node namespace, Calico-style: each pod has a /32 on
 * {@code eth0} and a default route via 169.254.1.1, which the node answers ARP for; the node has a
 * /32 route to each pod over its {@code gwN} veth. Each pod runs TCP and UDP echo servers; probes
 * are opened from inside the source pod (on a thread that entered its namespace) and run
 * concurrently under one deadline. Traffic stays inside these namespaces. Closing deletes them.
 */
final class PodNetwork implements AutoCloseable {
  static final String PREFIX = "ghpol-";
  static final int[] TCP_PORTS = {80, 81, 8080};
  static final int[] UDP_PORTS = {53, 5353};

  /** A connection attempt from one pod to another. */
  record Probe(int from, int to, boolean tcp, int port) {}

  /** What a probe saw: whether it got through, and the source port it used. */
  record Seen(boolean ok, int sourcePort) {}

  final String node;
  final List<String> pods = new ArrayList<>();
  private final Map<Integer, NsThread> threads = new HashMap<>();
  private final List<AutoCloseable> servers = new ArrayList<>();
  private final AtomicInteger sourcePort = new AtomicInteger(20000);

  /** Removes namespaces a crashed earlier run left behind. */
  static void removeStale() {
    for (String line : Shell.run(false, "ip", "netns", "list").split("\n")) {
      String name = line.split(" ")[0].trim();
      if (name.startsWith(PREFIX)) {
        Shell.run(false, "ip", "netns", "delete", name);
      }
    }
  }

  PodNetwork(String id, int podCount) {
    node = PREFIX + id + "-node";
    try {
      Shell.run("ip", "netns", "add", node);
      Shell.run("ip", "-n", node, "link", "set", "lo", "up");
      Shell.run("ip", "-n", node, "addr", "add", "169.254.1.1/32", "dev", "lo");
      Shell.run("ip", "netns", "exec", node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
      for (int n = 1; n <= podCount; n++) {
        String pod = PREFIX + id + "-p" + n;
        pods.add(pod);
        Shell.run("ip", "netns", "add", pod);
        Shell.run("ip", "-n", pod, "link", "set", "lo", "up");
        Shell.run(
            "ip", "-n", node, "link", "add", "gw" + n, "type", "veth", "peer", "name", "eth0",
            "netns", pod);
        Shell.run("ip", "-n", node, "link", "set", "gw" + n, "up");
        Shell.run("ip", "-n", node, "route", "add", address(n) + "/32", "dev", "gw" + n);
        Shell.run("ip", "-n", pod, "addr", "add", address(n) + "/32", "dev", "eth0");
        Shell.run("ip", "-n", pod, "link", "set", "eth0", "up");
        Shell.run("ip", "-n", pod, "route", "add", "169.254.1.1", "dev", "eth0");
        Shell.run("ip", "-n", pod, "route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        NsThread t = new NsThread("/run/netns/" + pod);
        threads.put(n, t);
        startServers(t, n);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  static IpAddress address(int pod) {
    return IpAddress.parse("10.200.0." + pod);
  }

  static String iface(int pod) {
    return "gw" + pod;
  }

  private void startServers(NsThread t, int n) {
    for (int port : TCP_PORTS) {
      ServerSocketChannel s =
          t.call(
              () -> {
                ServerSocketChannel c = ServerSocketChannel.open();
                c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                c.bind(new InetSocketAddress(address(n).toInetAddress(), port), 256);
                return c;
              });
      servers.add(s);
      Thread accept =
          new Thread(
              () -> {
                while (s.isOpen()) {
                  try (SocketChannel c = s.accept()) {
                    c.write(ByteBuffer.wrap(new byte[] {1}));
                  } catch (IOException e) {
                    // closed: the test is over
                  }
                }
              },
              "tcp echo " + n + ":" + port);
      accept.setDaemon(true);
      accept.start();
    }
    for (int port : UDP_PORTS) {
      DatagramChannel d =
          t.call(
              () ->
                  DatagramChannel.open()
                      .bind(new InetSocketAddress(address(n).toInetAddress(), port)));
      servers.add(d);
      Thread echo =
          new Thread(
              () -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                while (d.isOpen()) {
                  try {
                    b.clear();
                    java.net.SocketAddress from = d.receive(b);
                    b.flip();
                    d.send(b, from);
                  } catch (IOException e) {
                    // closed
                  }
                }
              },
              "udp echo " + n + ":" + port);
      echo.setDaemon(true);
      echo.start();
    }
  }

  /**
   * Runs probes concurrently; returns for each whether it got through (a TCP connection completed,
   * a UDP datagram was echoed) before the deadline.
   */
  List<Seen> probe(List<Probe> probes, Duration timeout) throws IOException {
    boolean[] ok = new boolean[probes.size()];
    int[] ports = new int[probes.size()];
    try (Selector selector = Selector.open()) {
      List<java.nio.channels.Channel> channels = new ArrayList<>();
      try {
        for (int i = 0; i < probes.size(); i++) {
          Probe p = probes.get(i);
          int local = nextSourcePort();
          ports[i] = local;
          InetSocketAddress src = new InetSocketAddress(address(p.from()).toInetAddress(), local);
          InetSocketAddress dst = new InetSocketAddress(address(p.to()).toInetAddress(), p.port());
          if (p.tcp()) {
            SocketChannel c =
                threads
                    .get(p.from())
                    .call(
                        () -> {
                          SocketChannel ch = SocketChannel.open();
                          ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                          ch.bind(src);
                          ch.configureBlocking(false);
                          return ch;
                        });
            channels.add(c);
            if (c.connect(dst)) {
              ok[i] = true;
            } else {
              c.register(selector, SelectionKey.OP_CONNECT, i);
            }
          } else {
            DatagramChannel d =
                threads
                    .get(p.from())
                    .call(
                        () -> {
                          DatagramChannel ch = DatagramChannel.open();
                          ch.bind(src);
                          ch.configureBlocking(false);
                          return ch;
                        });
            channels.add(d);
            d.send(ByteBuffer.wrap(new byte[] {42}), dst);
            d.register(selector, SelectionKey.OP_READ, i);
          }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
          long left = (deadline - System.nanoTime()) / 1_000_000;
          if (left <= 0 || selector.keys().isEmpty()) {
            break;
          }
          selector.select(left);
          for (SelectionKey k : selector.selectedKeys()) {
            int i = (Integer) k.attachment();
            if (k.channel() instanceof SocketChannel) {
              try {
                ok[i] = ((SocketChannel) k.channel()).finishConnect();
              } catch (IOException e) {
                ok[i] =
                    false; // refused or unreachable: a listener is always there, so: not allowed
              }
            } else {
              ByteBuffer b = ByteBuffer.allocate(8);
              try {
                ok[i] = ((DatagramChannel) k.channel()).receive(b) != null;
              } catch (IOException e) {
                ok[i] = false;
              }
            }
            k.cancel();
          }
          selector.selectedKeys().clear();
        }
      } finally {
        for (java.nio.channels.Channel c : channels) {
          c.close();
        }
      }
    }
    List<Seen> out = new ArrayList<>();
    for (int i = 0; i < ok.length; i++) {
      out.add(new Seen(ok[i], ports[i]));
    }
    return out;
  }

  /** Source ports are never reused within a run, so that no conntrack entry outlives its case. */
  private int nextSourcePort() {
    int p = sourcePort.getAndIncrement();
    if (p > 60000) {
      throw new IllegalStateException("out of source ports: too many probes in one run");
    }
    return p;
  }

  @Override
  public void close() {
    for (AutoCloseable s : servers) {
      try {
        s.close();
      } catch (Exception e) {
        // best effort: the namespace goes anyway
      }
    }
    threads.values().forEach(NsThread::close);
    for (String pod : pods) {
      Shell.run(false, "ip", "netns", "delete", pod);
    }
    Shell.run(false, "ip", "netns", "delete", node);
  }
}
