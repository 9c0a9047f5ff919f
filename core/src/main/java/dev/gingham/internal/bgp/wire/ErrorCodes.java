package dev.gingham.internal.bgp.wire;

/** NOTIFICATION error codes and subcodes (RFC 4271 section 4.5, RFC 4486, RFC 7313). */
public final class ErrorCodes {
  /** Message Header Error. */
  public static final int HEADER = 1;

  /** Header: Connection Not Synchronized (bad marker). */
  public static final int HEADER_NOT_SYNCHRONIZED = 1;

  /** Header: Bad Message Length. */
  public static final int HEADER_BAD_LENGTH = 2;

  /** Header: Bad Message Type. */
  public static final int HEADER_BAD_TYPE = 3;

  /** OPEN Message Error. */
  public static final int OPEN = 2;

  /** OPEN: Unsupported Version Number. */
  public static final int OPEN_UNSUPPORTED_VERSION = 1;

  /** OPEN: Bad Peer AS. */
  public static final int OPEN_BAD_PEER_AS = 2;

  /** OPEN: Bad BGP Identifier. */
  public static final int OPEN_BAD_BGP_ID = 3;

  /** OPEN: Unsupported Optional Parameter. */
  public static final int OPEN_UNSUPPORTED_PARAMETER = 4;

  /** OPEN: Unacceptable Hold Time. */
  public static final int OPEN_BAD_HOLD_TIME = 6;

  /** UPDATE Message Error. */
  public static final int UPDATE = 3;

  /** UPDATE: Malformed Attribute List. */
  public static final int UPDATE_MALFORMED_ATTRIBUTE_LIST = 1;

  /** UPDATE: Unrecognized Well-known Attribute. */
  public static final int UPDATE_UNRECOGNIZED_WELL_KNOWN = 2;

  /** UPDATE: Missing Well-known Attribute. */
  public static final int UPDATE_MISSING_WELL_KNOWN = 3;

  /** UPDATE: Attribute Flags Error. */
  public static final int UPDATE_ATTRIBUTE_FLAGS = 4;

  /** UPDATE: Attribute Length Error. */
  public static final int UPDATE_ATTRIBUTE_LENGTH = 5;

  /** UPDATE: Invalid ORIGIN Attribute. */
  public static final int UPDATE_INVALID_ORIGIN = 6;

  /** UPDATE: Invalid NEXT_HOP Attribute. */
  public static final int UPDATE_INVALID_NEXT_HOP = 8;

  /** UPDATE: Optional Attribute Error. */
  public static final int UPDATE_OPTIONAL_ATTRIBUTE = 9;

  /** UPDATE: Invalid Network Field. */
  public static final int UPDATE_INVALID_NETWORK = 10;

  /** UPDATE: Malformed AS_PATH. */
  public static final int UPDATE_MALFORMED_AS_PATH = 11;

  /** Hold Timer Expired. */
  public static final int HOLD_TIMER_EXPIRED = 4;

  /** Finite State Machine Error. */
  public static final int FSM = 5;

  /** Cease. */
  public static final int CEASE = 6;

  /** Cease: Administrative Shutdown. */
  public static final int CEASE_ADMIN_SHUTDOWN = 2;

  /** Cease: Peer De-configured. */
  public static final int CEASE_PEER_DECONFIGURED = 3;

  /** Cease: Administrative Reset. */
  public static final int CEASE_ADMIN_RESET = 4;

  /** Cease: Other Configuration Change. */
  public static final int CEASE_CONFIG_CHANGE = 6;

  /** Cease: Connection Collision Resolution. */
  public static final int CEASE_COLLISION = 7;

  /** Send Hold Timer Expired (RFC 9687). */
  public static final int SEND_HOLD_TIMER_EXPIRED = 8;

  /** ROUTE-REFRESH Message Error (RFC 7313). */
  public static final int ROUTE_REFRESH = 7;

  /** ROUTE-REFRESH: Invalid Message Length. */
  public static final int ROUTE_REFRESH_BAD_LENGTH = 1;

  private ErrorCodes() {}

  /** A short name for a code and subcode, for logs and status. */
  public static String describe(int code, int subcode) {
    String c;
    switch (code) {
      case HEADER:
        c = "message header error";
        break;
      case OPEN:
        c = "OPEN message error";
        break;
      case UPDATE:
        c = "UPDATE message error";
        break;
      case HOLD_TIMER_EXPIRED:
        c = "hold timer expired";
        break;
      case FSM:
        c = "FSM error";
        break;
      case CEASE:
        c = "cease";
        break;
      case ROUTE_REFRESH:
        c = "ROUTE-REFRESH error";
        break;
      case SEND_HOLD_TIMER_EXPIRED:
        c = "send hold timer expired";
        break;
      default:
        c = "error code " + code;
    }
    return c + " (" + code + "/" + subcode + ")";
  }
}
