package dev.gingham.internal.bgp.mrt;

/**
 * MRT record types and subtypes (RFC 6396 section 4, RFC 8050), and the common header.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Type              |            Subtype            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             Length                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Message... (variable)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * BGP4MP_ET records carry 4 more bytes (microseconds) that the Length counts.
 */
public final class MrtType {
  /** The common header's length. */
  public static final int HEADER_LENGTH = 12;

  /** TABLE_DUMP_V2. */
  public static final int TABLE_DUMP_V2 = 13;

  /** BGP4MP. */
  public static final int BGP4MP = 16;

  /** BGP4MP with a microsecond timestamp. */
  public static final int BGP4MP_ET = 17;

  /** TABLE_DUMP_V2: the peer index table. */
  public static final int PEER_INDEX_TABLE = 1;

  /** TABLE_DUMP_V2: an IPv4 unicast RIB record. */
  public static final int RIB_IPV4_UNICAST = 2;

  /** TABLE_DUMP_V2: an IPv6 unicast RIB record. */
  public static final int RIB_IPV6_UNICAST = 4;

  /** TABLE_DUMP_V2: an IPv4 unicast RIB record with path identifiers (RFC 8050). */
  public static final int RIB_IPV4_UNICAST_ADDPATH = 8;

  /** TABLE_DUMP_V2: an IPv6 unicast RIB record with path identifiers (RFC 8050). */
  public static final int RIB_IPV6_UNICAST_ADDPATH = 10;

  /** BGP4MP: a state change with 2-byte ASes. */
  public static final int STATE_CHANGE = 0;

  /** BGP4MP: a message with 2-byte ASes. */
  public static final int MESSAGE = 1;

  /** BGP4MP: a message with 4-byte ASes. */
  public static final int MESSAGE_AS4 = 4;

  /** BGP4MP: a state change with 4-byte ASes. */
  public static final int STATE_CHANGE_AS4 = 5;

  /** BGP4MP: a message sent by the local speaker, 2-byte ASes. */
  public static final int MESSAGE_LOCAL = 6;

  /** BGP4MP: a message sent by the local speaker, 4-byte ASes. */
  public static final int MESSAGE_AS4_LOCAL = 7;

  /** BGP4MP: a message with path identifiers, 2-byte ASes (RFC 8050). */
  public static final int MESSAGE_ADDPATH = 8;

  /** BGP4MP: a message with path identifiers, 4-byte ASes (RFC 8050). */
  public static final int MESSAGE_AS4_ADDPATH = 9;

  /** BGP4MP: a local message with path identifiers, 2-byte ASes (RFC 8050). */
  public static final int MESSAGE_LOCAL_ADDPATH = 10;

  /** BGP4MP: a local message with path identifiers, 4-byte ASes (RFC 8050). */
  public static final int MESSAGE_AS4_LOCAL_ADDPATH = 11;

  /** The BGP FSM state Established, as STATE_CHANGE numbers it. */
  public static final int STATE_ESTABLISHED = 6;

  /** The peer type bit of a peer index entry: the address is IPv6. */
  public static final int PEER_TYPE_IPV6 = 0x01;

  /** The peer type bit of a peer index entry: the AS is 4 bytes. */
  public static final int PEER_TYPE_AS4 = 0x02;

  private MrtType() {}

  /** A readable name of a type and subtype, for error messages. */
  public static String describe(int type, int subtype) {
    switch (type) {
      case TABLE_DUMP_V2:
        switch (subtype) {
          case PEER_INDEX_TABLE:
            return "TABLE_DUMP_V2/PEER_INDEX_TABLE";
          case RIB_IPV4_UNICAST:
            return "TABLE_DUMP_V2/RIB_IPV4_UNICAST";
          case RIB_IPV6_UNICAST:
            return "TABLE_DUMP_V2/RIB_IPV6_UNICAST";
          case RIB_IPV4_UNICAST_ADDPATH:
            return "TABLE_DUMP_V2/RIB_IPV4_UNICAST_ADDPATH";
          case RIB_IPV6_UNICAST_ADDPATH:
            return "TABLE_DUMP_V2/RIB_IPV6_UNICAST_ADDPATH";
          default:
            return "TABLE_DUMP_V2/" + subtype;
        }
      case BGP4MP:
      case BGP4MP_ET:
        String t = type == BGP4MP ? "BGP4MP/" : "BGP4MP_ET/";
        switch (subtype) {
          case STATE_CHANGE:
            return t + "STATE_CHANGE";
          case MESSAGE:
            return t + "MESSAGE";
          case MESSAGE_AS4:
            return t + "MESSAGE_AS4";
          case STATE_CHANGE_AS4:
            return t + "STATE_CHANGE_AS4";
          case MESSAGE_LOCAL:
            return t + "MESSAGE_LOCAL";
          case MESSAGE_AS4_LOCAL:
            return t + "MESSAGE_AS4_LOCAL";
          case MESSAGE_ADDPATH:
            return t + "MESSAGE_ADDPATH";
          case MESSAGE_AS4_ADDPATH:
            return t + "MESSAGE_AS4_ADDPATH";
          case MESSAGE_LOCAL_ADDPATH:
            return t + "MESSAGE_LOCAL_ADDPATH";
          case MESSAGE_AS4_LOCAL_ADDPATH:
            return t + "MESSAGE_AS4_LOCAL_ADDPATH";
          default:
            return t + subtype;
        }
      default:
        return type + "/" + subtype;
    }
  }
}
