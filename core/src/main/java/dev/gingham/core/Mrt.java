package dev.gingham.core;

import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.MrtFormatException;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerTable;
import dev.gingham.internal.bgp.mrt.MrtReader;
import dev.gingham.internal.bgp.mrt.MrtTables;
import dev.gingham.internal.bgp.mrt.MrtWriter;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.Ipv4Address;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MRT files (RFC 6396), as route collectors and BGP daemons write them: read TABLE_DUMP_V2 and
 * BGP4MP into each peer's table, and write tables (the Loc-RIB of a speaker, say) as a
 * TABLE_DUMP_V2 dump that {@code bgpdump} and other readers parse. Load what was read into a
 * speaker with {@link BgpSpeaker#injectTable} (as a peer's table) or {@link BgpSpeaker#announceAll}
 * (into the Loc-RIB as its own routes). Thread-safe: every call is independent.
 */
public final class Mrt {
  private Mrt() {}

  /**
   * Reads a file, gzip-compressed or not, into one table per peer in the order peers first appear:
   * TABLE_DUMP_V2 RIB records give each peer's routes, BGP4MP messages replay each peer's UPDATEs,
   * and other record types are skipped. Equal attribute sets are shared between routes.
   *
   * @throws MrtFormatException naming the record, field and value, if the file is malformed
   * @throws IOException if it cannot be read
   */
  public static List<PeerTable> readTables(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readTables(in);
    } catch (MrtFormatException e) {
      throw new MrtFormatException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a stream as {@link #readTables(Path)} reads a file; closes it.
   *
   * @throws MrtFormatException naming the record, field and value, if the content is malformed
   * @throws IOException if it cannot be read
   */
  public static List<PeerTable> readTables(InputStream in) throws IOException {
    Map<PathAttributes, PathAttributes> shared = new HashMap<>();
    try (MrtReader reader = MrtReader.open(in, a -> shared.computeIfAbsent(a, k -> k))) {
      return MrtTables.read(reader);
    }
  }

  /**
   * Writes tables as a TABLE_DUMP_V2 dump: a peer index table, then one RIB record per prefix in
   * prefix order. The file is written to a temporary sibling and moved into place, so that a failed
   * write leaves no partial file.
   *
   * @param collectorId the BGP identifier of the collector, in the peer index table
   * @param viewName the view name, often empty
   * @param time the dump's time, also every route's originated time
   * @throws IllegalArgumentException if a route has no next hop of its family, or a value does not
   *     fit its MRT field (more than 65535 peers, an attribute section over 65535 bytes)
   * @throws IOException if the file cannot be written
   */
  public static void writeTableDump(
      Path file, Ipv4Address collectorId, String viewName, List<PeerTable> tables, Instant time)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        writeTableDump(out, collectorId, viewName, tables, time);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes tables as a TABLE_DUMP_V2 dump to a stream, which it closes.
   *
   * @throws IllegalArgumentException as {@link #writeTableDump(Path, Ipv4Address, String, List,
   *     Instant)} does
   * @throws IOException if the stream fails
   */
  public static void writeTableDump(
      OutputStream out,
      Ipv4Address collectorId,
      String viewName,
      List<PeerTable> tables,
      Instant time)
      throws IOException {
    try (MrtWriter writer = new MrtWriter(out)) {
      MrtTables.write(writer, time.getEpochSecond(), collectorId, viewName, tables);
    }
  }

  /**
   * Dumps a speaker's Loc-RIB: its best routes, grouped by the peer they came from ({@link
   * BgpSpeaker#locRibTables()}), with the speaker's router id as collector and its name as view.
   * Path identifiers are left out: a Loc-RIB holds one best path per prefix. A route the speaker
   * originated without a next hop (its own address toward each peer) is written with the speaker's
   * listen address when it is of the route's family, else with its router id (IPv4) or {@code ::}
   * (IPv6), since a dump has no peer to take the address from.
   *
   * @return the number of routes written
   * @throws IOException if the file cannot be written
   */
  public static int writeLocRib(BgpSpeaker speaker, Path file) throws IOException {
    List<PeerTable> tables = new ArrayList<>();
    int n = 0;
    for (PeerTable t : speaker.locRibTables()) {
      List<BgpRoute> routes = new ArrayList<>(t.routes().size());
      for (BgpRoute r : t.routes()) {
        PathAttributes a = r.attributes();
        if (a.nextHop() == null) {
          a = a.toBuilder().nextHop(ownNextHop(speaker, r.prefix().family())).build();
        }
        routes.add(BgpRoute.of(r.prefix(), a));
      }
      n += routes.size();
      tables.add(new PeerTable(t.peer(), routes));
    }
    writeTableDump(
        file, speaker.config().routerId(), speaker.config().name(), tables, Instant.now());
    return n;
  }

  private static IpAddress ownNextHop(BgpSpeaker speaker, IpFamily family) {
    IpAddress listen = speaker.config().listenAddress();
    if (listen != null && listen.family() == family && !listen.isUnspecified()) {
      return listen;
    }
    return family == IpFamily.IPV4 ? speaker.config().routerId() : IpAddress.parse("::");
  }
}
