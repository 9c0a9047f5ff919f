package dev.gingham.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PeerState;
import dev.gingham.bgp.PeerStatus;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The node's control socket, as {@code gingham node status} and {@code gingham version} read it: a
 * Unix-domain socket that answers one JSON request per connection with one JSON document, then
 * closes (the style of {@code gingham bgp serve}'s socket, which answers these requests too).
 *
 * <pre>
 * → {"op": "version"}
 * ← {"version": "0.1.0", "node": "node-1"}
 *
 * → {"op": "status"}
 * ← {"node": "node-1", "version": "0.1.0", "asNumber": 64512,
 *    "peers": [{"address": "192.0.2.2", "type": "mesh", "state": "Established",
 *               "since": "2026-05-01T12:00:00Z", "info": ""}]}
 * </pre>
 *
 * A peer's {@code type} is {@code mesh} (a node-to-node mesh peer), {@code global} (a BGPPeer for
 * every node) or {@code node} (a BGPPeer for this node, or a peer configured on it by hand); {@code
 * state} is the BGP FSM state as RFC 4271 names it; {@code since} is when the session was
 * established, or null; {@code info} says why the last session ended. An error is answered as
 * {@code {"error": "…"}}. The node agent (issue 11) serves the socket at {@value #DEFAULT_SOCKET}.
 */
final class AgentProtocol {
  /** Where the node agent's control socket is. */
  static final String DEFAULT_SOCKET = "/run/gingham/agent.sock";

  /** The peer types. */
  static final List<String> TYPES = List.of("mesh", "global", "node");

  private AgentProtocol() {}

  /**
   * A node's status.
   *
   * @param node the node's name
   * @param version the agent's version
   * @param asNumber the node's AS, or null when it speaks no BGP
   * @param peers its BGP peers
   */
  record Status(String node, String version, @Nullable Long asNumber, List<Peer> peers) {}

  /**
   * A BGP peer of the node.
   *
   * @param address the peer's address
   * @param type mesh, global or node
   * @param state the FSM state
   * @param since when the session was established, or null
   * @param info why the last session ended, or empty
   */
  record Peer(IpAddress address, String type, String state, @Nullable Instant since, String info) {}

  /** The status answer of a speaker that serves the socket: every peer has type {@code type}. */
  static ObjectNode statusAnswer(String node, String version, BgpSpeaker speaker, String type) {
    List<Peer> peers = new ArrayList<>();
    for (PeerStatus p : speaker.peers()) {
      peers.add(
          new Peer(
              p.config().address(),
              type,
              stateName(p.state()),
              p.establishedAt(),
              p.lastError() == null ? "" : p.lastError()));
    }
    return toJson(new Status(node, version, speaker.config().localAs(), peers));
  }

  /** A status as the socket answers it; {@link #parseStatus} reads it back. */
  static ObjectNode toJson(Status status) {
    ObjectNode root = BgpControl.JSON.createObjectNode();
    root.put("node", status.node());
    root.put("version", status.version());
    if (status.asNumber() != null) {
      root.put("asNumber", status.asNumber());
    }
    ArrayNode peers = root.putArray("peers");
    for (Peer p : status.peers()) {
      ObjectNode n = peers.addObject();
      n.put("address", p.address().toString());
      n.put("type", p.type());
      n.put("state", p.state());
      if (p.since() != null) {
        n.put("since", p.since().toString());
      } else {
        n.putNull("since");
      }
      n.put("info", p.info());
    }
    return root;
  }

  /** The version answer. */
  static ObjectNode versionAnswer(String node, String version) {
    return BgpControl.JSON.createObjectNode().put("version", version).put("node", node);
  }

  /** RFC 4271's name of a state: {@code OPEN_SENT} is {@code OpenSent}. */
  static String stateName(PeerState state) {
    StringBuilder out = new StringBuilder();
    for (String part : state.name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  /**
   * Asks the socket for the node's status.
   *
   * @throws IOException if the socket cannot be reached
   * @throws IllegalArgumentException if the answer is an error or not a status
   */
  static Status status(Path socket) throws IOException {
    return parseStatus(
        BgpControl.request(socket, BgpControl.JSON.createObjectNode().put("op", "status")));
  }

  /**
   * Asks the socket for the agent's version.
   *
   * @throws IOException if the socket cannot be reached
   * @throws IllegalArgumentException if the answer is an error or not a version
   */
  static String version(Path socket) throws IOException {
    JsonNode a =
        BgpControl.request(socket, BgpControl.JSON.createObjectNode().put("op", "version"));
    return text(a, "version", "version answer") + " on node " + text(a, "node", "version answer");
  }

  /**
   * Reads a status answer.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  static Status parseStatus(JsonNode a) {
    String where = "status answer";
    if (a == null || !a.isObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object");
    }
    String node = text(a, "node", where);
    String version = text(a, "version", where);
    Long as = null;
    JsonNode asNode = a.get("asNumber");
    if (asNode != null && !asNode.isNull()) {
      if (!asNode.isIntegralNumber() || asNode.asLong() < 1 || asNode.asLong() > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException(
            where + ": asNumber: expected an AS number, got " + asNode);
      }
      as = asNode.asLong();
    }
    JsonNode list = a.get("peers");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(where + ": peers: expected a list");
    }
    List<Peer> peers = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = where + ": peers[" + i + "]";
      JsonNode p = list.get(i);
      if (!p.isObject()) {
        throw new IllegalArgumentException(at + ": expected an object");
      }
      IpAddress address;
      try {
        address = IpAddress.parse(text(p, "address", at));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ".address: " + e.getMessage());
      }
      String type = text(p, "type", at);
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException(
            at + ".type: expected mesh, global or node, got '" + type + "'");
      }
      String state = text(p, "state", at);
      Instant since = null;
      JsonNode s = p.get("since");
      if (s != null && !s.isNull()) {
        try {
          since = Instant.parse(text(p, "since", at));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(at + ".since: not a time: " + s);
        }
      }
      JsonNode info = p.get("info");
      if (info != null && !info.isNull() && !info.isTextual()) {
        throw new IllegalArgumentException(at + ".info: expected a string");
      }
      peers.add(
          new Peer(
              address, type, state, since, info == null || info.isNull() ? "" : info.asText()));
    }
    return new Status(node, version, as, peers);
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException(where + ": " + field + ": expected a non-empty string");
    }
    return v.asText();
  }

  /** Whether an address is of a family, for the per-family tables. */
  static boolean isIpv4(Peer p) {
    return p.address().family() == IpFamily.IPV4;
  }
}
