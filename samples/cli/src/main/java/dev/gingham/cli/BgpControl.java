package dev.gingham.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.bgp.BgpMessageType;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerStatus;
import dev.gingham.core.ControlServer;
import dev.gingham.core.ControlServers;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The control socket of {@code gingham bgp serve}: a Unix-domain socket that answers one JSON
 * request per connection ({@code {"op":"peers"}} or {@code {"op":"routes","peer":..,"prefix":..}},
 * {@code {"op":"mrt-dump","file":..}} and {@code {"op":"mrt-inject","file":..,"into":"peers"|
 * "loc-rib"}}, and the node's {@code status} and {@code version} of {@link AgentProtocol}) with one
 * JSON document, then closes. Requests are at most 4 KiB. MRT files are read and written by the
 * speaker's process, at the absolute paths the request names.
 */
final class BgpControl implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final BgpSpeaker speaker;
  private @Nullable ControlServer server;

  private BgpControl(BgpSpeaker speaker) {
    this.speaker = speaker;
  }

  /** Binds the socket (replacing a stale file) and starts answering. */
  static BgpControl start(BgpSpeaker speaker, Path path) throws IOException {
    BgpControl c = new BgpControl(speaker);
    c.server =
        ControlServers.unixSocket(
            path,
            "gingham-bgp-control",
            request -> JSON.writeValueAsString(c.answer(JSON.readTree(request))));
    return c;
  }

  private JsonNode answer(JsonNode request) {
    String op = request.path("op").asText();
    switch (op) {
      case "peers":
        return peers(speaker.peers());
      case "routes":
        String peer = request.path("peer").asText(null);
        String prefix = request.path("prefix").asText(null);
        List<BgpRoute> routes =
            peer == null ? speaker.locRib() : speaker.ribIn(IpAddress.parse(peer));
        IpPrefix filter = prefix == null ? null : IpPrefix.parse(prefix);
        ArrayNode out = JSON.createArrayNode();
        for (BgpRoute r : routes) {
          if (filter == null || filter.contains(r.prefix())) {
            out.add(route(r));
          }
        }
        return out;
      case "mrt-dump":
        return MrtOps.dump(speaker, MrtOps.file(request));
      case "mrt-inject":
        return MrtOps.inject(speaker, MrtOps.file(request), request.path("into").asText("peers"));
      case "status":
        return AgentProtocol.statusAnswer(Versions.host(), Versions.gingham(), speaker, "node");
      case "version":
        return AgentProtocol.versionAnswer(Versions.host(), Versions.gingham());
      default:
        throw new IllegalArgumentException(
            "unknown op '"
                + op
                + "' (expected peers, routes, mrt-dump, mrt-inject, status or version)");
    }
  }

  static ArrayNode peers(List<PeerStatus> peers) {
    ArrayNode out = JSON.createArrayNode();
    Instant now = Instant.now();
    for (PeerStatus p : peers) {
      ObjectNode n = out.addObject();
      n.put("address", p.config().address().toString());
      n.put("as", p.config().remoteAs());
      n.put("state", p.state().name());
      n.put("uptimeSeconds", p.uptime(now).getSeconds());
      n.put("received", p.counters().totalReceived());
      n.put("sent", p.counters().totalSent());
      n.put("updatesReceived", p.counters().received(BgpMessageType.UPDATE));
      n.put("prefixesReceived", p.prefixes().received());
      n.put("prefixesAccepted", p.prefixes().accepted());
      n.put("prefixesAdvertised", p.prefixes().advertised());
      if (p.session() != null) {
        ObjectNode s = n.putObject("session");
        s.put("holdTime", p.session().holdTimeSeconds());
        s.put("fourOctetAs", p.session().fourOctetAs());
        s.put("routeRefresh", p.session().routeRefresh());
        ArrayNode f = s.putArray("families");
        p.session().families().forEach(x -> f.add(x.name()));
      }
      if (p.lastError() != null) {
        n.put("lastError", p.lastError());
      }
    }
    return out;
  }

  static ObjectNode route(BgpRoute r) {
    ObjectNode n = JSON.createObjectNode();
    PathAttributes a = r.attributes();
    n.put("prefix", r.prefix().toString());
    n.put("from", r.peer() == null ? "local" : r.peer().toString());
    n.put("nextHop", a.nextHop() == null ? "self" : a.nextHop().toString());
    n.put("asPath", a.asPath().toString());
    n.put("origin", a.origin().name());
    if (a.hasMed()) {
      n.put("med", a.med());
    }
    if (a.hasLocalPref()) {
      n.put("localPref", a.localPref());
    }
    ArrayNode c = n.putArray("communities");
    a.communities().forEach(x -> c.add(x.toString()));
    ArrayNode l = n.putArray("largeCommunities");
    a.largeCommunities().forEach(x -> l.add(x.toString()));
    n.put("stale", r.stale());
    return n;
  }

  /**
   * Sends one request to the socket at {@code path} and returns the answer.
   *
   * @throws IOException if the socket cannot be reached
   */
  static JsonNode request(Path path, ObjectNode request) throws IOException {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(path));
      byte[] bytes = (JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer out = ByteBuffer.wrap(bytes);
      while (out.hasRemaining()) {
        c.write(out);
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(64 * 1024);
      while (c.read(in) >= 0) {
        answer.write(in.array(), 0, in.position());
        in.clear();
      }
      JsonNode node = JSON.readTree(answer.toByteArray());
      if (node.has("error")) {
        throw new IllegalArgumentException(node.get("error").asText());
      }
      return node;
    }
  }

  @Override
  public void close() {
    ControlServer s = server;
    if (s != null) {
      s.close();
    }
  }

  /** For {@link #toString()}: where the socket is. */
  @Nullable Path path() {
    ControlServer s = server;
    return s == null ? null : s.path();
  }
}
