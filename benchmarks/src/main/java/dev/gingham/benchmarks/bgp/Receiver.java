package dev.gingham.benchmarks.bgp;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * A Gingham speaker that waits for one peer and reports its Loc-RIB, for the ingest harness: {@code
 * Receiver address port as peer peerAs}. It prints {@code ready} once it listens, answers each
 * {@code count} line on its standard input with the IPv4 prefixes of its Loc-RIB, and stops at the
 * end of its input.
 */
public final class Receiver {
  private Receiver() {}

  /** Runs the receiver until its standard input ends. */
  public static void main(String[] args) throws IOException {
    IpAddress address = IpAddress.parse(args[0]);
    int port = Integer.parseInt(args[1]);
    long as = Long.parseLong(args[2]);
    IpAddress peer = IpAddress.parse(args[3]);
    long peerAs = Long.parseLong(args[4]);
    try (BgpSpeaker speaker =
        BgpSpeaker.builder()
            .localAs(as)
            .routerId((Ipv4Address) address)
            .listen(address, port)
            .name("receiver")
            .start()) {
      speaker.addPeer(
          PeerConfig.builder(peer, peerAs)
              .passive(true)
              .holdTime(Duration.ofSeconds(240))
              .families(Set.of(AddressFamily.IPV4_UNICAST))
              .build());
      System.out.println("ready " + port);
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.trim().equals("count")) {
          System.out.println(speaker.ribSummary().ipv4Prefixes());
          System.out.flush();
        }
      }
    }
  }
}
