package dev.gingham.nodeagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.bgp.PeerState;
import dev.gingham.core.ControlServer;
import dev.gingham.core.ControlServers;
import dev.gingham.core.NodeAgent;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The agent's control socket, in the protocol {@code gingham node status} speaks (the CLI's {@code
 * AgentProtocol}): a Unix-domain socket that answers one JSON request of at most 4 KiB per
 * connection with one JSON document, then closes. {@code {"op":"status"}} answers the node, the
 * version, the AS and the peers, plus the sync state, the blocks and the routes; {@code
 * {"op":"version"}} the version and the node. Served by core's {@link ControlServers}, as the CLI's
 * {@code gingham bgp serve} socket is.
 */
final class ControlSocket implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeAgent agent;
  private final String version;
  private @Nullable ControlServer server;

  private ControlSocket(NodeAgent agent, String version) {
    this.agent = agent;
    this.version = version;
  }

  /** Binds the socket, replacing a stale file, and starts answering. */
  static ControlSocket start(NodeAgent agent, String version, Path path) throws IOException {
    ControlSocket c = new ControlSocket(agent, version);
    c.server =
        ControlServers.unixSocket(
            path,
            "gingham-agent-control",
            request -> JSON.writeValueAsString(c.answer(JSON.readTree(request))));
    return c;
  }

  private JsonNode answer(JsonNode request) {
    String op = request == null ? "" : request.path("op").asText();
    switch (op) {
      case "status":
        return status(agent.status(), version);
      case "version":
        return JSON.createObjectNode().put("version", version).put("node", agent.nodeName());
      default:
        throw new IllegalArgumentException("unknown op '" + op + "' (expected status or version)");
    }
  }

  /** The status answer. */
  static ObjectNode status(NodeAgent.Status s, String version) {
    ObjectNode root = JSON.createObjectNode();
    root.put("node", s.node());
    root.put("version", version);
    root.put("asNumber", s.asNumber());
    root.put("syncState", s.syncState().name());
    if (s.address() != null) {
      root.put("address", s.address());
    }
    ArrayNode peers = root.putArray("peers");
    for (NodeAgent.Peer p : s.peers()) {
      ObjectNode n = peers.addObject();
      n.put("address", p.status().config().address().toString());
      n.put("type", p.type());
      n.put("state", stateName(p.status().state()));
      if (p.status().establishedAt() != null) {
        n.put("since", p.status().establishedAt().toString());
      } else {
        n.putNull("since");
      }
      n.put("info", p.status().lastError() == null ? "" : p.status().lastError());
    }
    ArrayNode blocks = root.putArray("blocks");
    for (IpPrefix b : s.blocks()) {
      blocks.add(b.toString());
    }
    ArrayNode routes = root.putArray("routes");
    for (Route r : s.routes()) {
      routes.add(r.toString());
    }
    return root;
  }

  /** RFC 4271's name of a state: {@code OPEN_SENT} is {@code OpenSent}. */
  static String stateName(PeerState state) {
    StringBuilder out = new StringBuilder();
    for (String part : state.name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  @Override
  public void close() {
    ControlServer s = server;
    if (s != null) {
      s.close();
    }
  }
}
