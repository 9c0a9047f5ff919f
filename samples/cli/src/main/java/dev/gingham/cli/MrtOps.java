package dev.gingham.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PeerTable;
import dev.gingham.core.Mrt;
import dev.gingham.net.IpPrefix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the control socket does for {@code gingham bgp mrt}: dumps the Loc-RIB, or reads a dump and
 * loads it. Every error names the file; a file that cannot be read changes nothing.
 */
final class MrtOps {
  private MrtOps() {}

  /** The request's {@code file}, which must be an absolute path. */
  static Path file(JsonNode request) {
    String file = request.path("file").asText("");
    if (file.isEmpty()) {
      throw new IllegalArgumentException("an MRT request needs a file");
    }
    Path p = Path.of(file);
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException(
          "the MRT file must be an absolute path, was '" + file + "'");
    }
    return p;
  }

  /** Writes the Loc-RIB to {@code file} as TABLE_DUMP_V2. */
  static ObjectNode dump(BgpSpeaker speaker, Path file) {
    int routes;
    try {
      routes = Mrt.writeLocRib(speaker, file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write MRT file " + file + ": " + e, e);
    }
    return BgpControl.JSON.createObjectNode().put("file", file.toString()).put("routes", routes);
  }

  /**
   * Reads {@code file} (TABLE_DUMP_V2 or BGP4MP) and loads it: {@code peers} injects each peer's
   * table as that peer's Adj-RIB-In, {@code loc-rib} originates every route as this speaker's own
   * (the last one read for a prefix wins).
   */
  static ObjectNode inject(BgpSpeaker speaker, Path file, String into) {
    if (!"peers".equals(into) && !"loc-rib".equals(into)) {
      throw new IllegalArgumentException("--into must be peers or loc-rib, was '" + into + "'");
    }
    List<PeerTable> tables;
    try {
      tables = Mrt.readTables(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read MRT file " + file + ": " + e, e);
    }
    int routes = 0;
    if ("peers".equals(into)) {
      for (PeerTable t : tables) {
        speaker.injectTable(t);
        routes += t.routes().size();
      }
    } else {
      Map<IpPrefix, BgpRoute> own = new LinkedHashMap<>();
      for (PeerTable t : tables) {
        for (BgpRoute r : t.routes()) {
          own.put(r.prefix(), BgpRoute.of(r.prefix(), r.attributes()));
        }
      }
      speaker.announceAll(new ArrayList<>(own.values()));
      routes = own.size();
    }
    return BgpControl.JSON
        .createObjectNode()
        .put("file", file.toString())
        .put("into", into)
        .put("peers", tables.size())
        .put("routes", routes);
  }
}
