package dev.gingham.internal.bgp.mrt;

import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.util.List;

/** One MRT record, as {@link MrtReader} decodes it and {@link MrtWriter} encodes it. */
public sealed interface MrtRecord {
  /** The record's timestamp, seconds since the epoch. */
  long timestamp();

  /**
   * TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 section 4.3.1): the peers RIB entries refer to.
   *
   * @param timestamp seconds since the epoch
   * @param collectorId the BGP identifier of the collector
   * @param viewName the view's name, often empty
   * @param peers the peers, by index
   */
  record PeerIndexTable(
      long timestamp, Ipv4Address collectorId, String viewName, List<PeerIdentity> peers)
      implements MrtRecord {
    /** Copies the list. */
    public PeerIndexTable {
      peers = List.copyOf(peers);
    }
  }

  /**
   * One route of a RIB record.
   *
   * @param peerIndex the index of its peer in the peer index table
   * @param originatedTime when the route was received, seconds since the epoch
   * @param pathId its path identifier in an ADD-PATH record (RFC 8050), else 0
   * @param attributes its attributes, with the next hop of its family
   */
  record RibEntry(int peerIndex, long originatedTime, int pathId, PathAttributes attributes) {}

  /**
   * TABLE_DUMP_V2 RIB_IPV4_UNICAST or RIB_IPV6_UNICAST (RFC 6396 section 4.3.2), or their ADD-PATH
   * variants: every route of one prefix.
   *
   * @param timestamp seconds since the epoch
   * @param sequence the record's sequence number
   * @param prefix the prefix
   * @param addPath whether the entries carry path identifiers
   * @param entries the routes, one per peer (or per path)
   */
  record Rib(
      long timestamp, long sequence, IpPrefix prefix, boolean addPath, List<RibEntry> entries)
      implements MrtRecord {
    /** Copies the list. */
    public Rib {
      entries = List.copyOf(entries);
    }
  }

  /**
   * BGP4MP MESSAGE and its variants (RFC 6396 section 4.4.2): one BGP message of a session.
   *
   * @param timestamp seconds since the epoch
   * @param subtype MESSAGE, MESSAGE_AS4, their _LOCAL and _ADDPATH variants
   * @param peerAs the peer's AS
   * @param localAs the local AS
   * @param interfaceIndex the interface index, often 0
   * @param peerAddress the peer's address
   * @param localAddress the local address, of the same family
   * @param message the whole BGP message, marker and header included
   */
  record Bgp4mpMessage(
      long timestamp,
      int subtype,
      long peerAs,
      long localAs,
      int interfaceIndex,
      IpAddress peerAddress,
      IpAddress localAddress,
      byte[] message)
      implements MrtRecord {
    /** Whether the ASes, and the AS_PATH of the message, are 4 bytes. */
    public boolean as4() {
      return subtype == MrtType.MESSAGE_AS4
          || subtype == MrtType.MESSAGE_AS4_LOCAL
          || subtype == MrtType.MESSAGE_AS4_ADDPATH
          || subtype == MrtType.MESSAGE_AS4_LOCAL_ADDPATH;
    }

    /** Whether the message's NLRI carry path identifiers (RFC 8050). */
    public boolean addPath() {
      return subtype >= MrtType.MESSAGE_ADDPATH && subtype <= MrtType.MESSAGE_AS4_LOCAL_ADDPATH;
    }

    /** Whether the local speaker sent the message, rather than the peer. */
    public boolean local() {
      return subtype == MrtType.MESSAGE_LOCAL
          || subtype == MrtType.MESSAGE_AS4_LOCAL
          || subtype == MrtType.MESSAGE_LOCAL_ADDPATH
          || subtype == MrtType.MESSAGE_AS4_LOCAL_ADDPATH;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bgp4mpMessage
          && ((Bgp4mpMessage) o).timestamp == timestamp
          && ((Bgp4mpMessage) o).subtype == subtype
          && ((Bgp4mpMessage) o).peerAs == peerAs
          && ((Bgp4mpMessage) o).localAs == localAs
          && ((Bgp4mpMessage) o).interfaceIndex == interfaceIndex
          && ((Bgp4mpMessage) o).peerAddress.equals(peerAddress)
          && ((Bgp4mpMessage) o).localAddress.equals(localAddress)
          && java.util.Arrays.equals(((Bgp4mpMessage) o).message, message);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(timestamp, subtype, peerAs, peerAddress)
          ^ java.util.Arrays.hashCode(message);
    }

    @Override
    public String toString() {
      return MrtType.describe(MrtType.BGP4MP, subtype)
          + " from "
          + peerAddress
          + " AS "
          + peerAs
          + ", "
          + message.length
          + " bytes";
    }
  }

  /**
   * BGP4MP STATE_CHANGE or STATE_CHANGE_AS4 (RFC 6396 section 4.4.1): a session's FSM moved.
   *
   * @param timestamp seconds since the epoch
   * @param as4 whether the ASes are 4 bytes
   * @param peerAs the peer's AS
   * @param localAs the local AS
   * @param interfaceIndex the interface index, often 0
   * @param peerAddress the peer's address
   * @param localAddress the local address, of the same family
   * @param oldState the state before, 1 (Idle) .. 6 (Established)
   * @param newState the state after
   */
  record Bgp4mpStateChange(
      long timestamp,
      boolean as4,
      long peerAs,
      long localAs,
      int interfaceIndex,
      IpAddress peerAddress,
      IpAddress localAddress,
      int oldState,
      int newState)
      implements MrtRecord {}

  /**
   * A record of a type this reader does not interpret (OSPF, the old TABLE_DUMP, multicast RIBs,
   * RIB_GENERIC): skipped whole.
   *
   * @param timestamp seconds since the epoch
   * @param type the type
   * @param subtype the subtype
   * @param length the message's length
   */
  record Skipped(long timestamp, int type, int subtype, long length) implements MrtRecord {}
}
