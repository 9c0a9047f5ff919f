package dev.gingham.internal.bgp.wire;

/**
 * Path attribute type codes and flag bits (RFC 4271 section 4.3 and the RFCs of each attribute).
 *
 * <pre>
 *  0                   1
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Attr. Flags  |Attr. Type Code|   then a 1-byte length, or 2 bytes with Extended Length
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  flags: O(ptional) T(ransitive) P(artial) E(xtended length) 0 0 0 0
 * </pre>
 */
public final class AttributeType {
  /** Optional. */
  public static final int FLAG_OPTIONAL = 0x80;

  /** Transitive. */
  public static final int FLAG_TRANSITIVE = 0x40;

  /** Partial. */
  public static final int FLAG_PARTIAL = 0x20;

  /** Extended Length: a 2-byte length field. */
  public static final int FLAG_EXTENDED = 0x10;

  /** Well-known attributes: not optional, transitive. */
  public static final int WELL_KNOWN = FLAG_TRANSITIVE;

  /** Optional transitive. */
  public static final int OPTIONAL_TRANSITIVE = FLAG_OPTIONAL | FLAG_TRANSITIVE;

  /** ORIGIN. */
  public static final int ORIGIN = 1;

  /** AS_PATH. */
  public static final int AS_PATH = 2;

  /** NEXT_HOP. */
  public static final int NEXT_HOP = 3;

  /** MULTI_EXIT_DISC. */
  public static final int MED = 4;

  /** LOCAL_PREF. */
  public static final int LOCAL_PREF = 5;

  /** ATOMIC_AGGREGATE. */
  public static final int ATOMIC_AGGREGATE = 6;

  /** AGGREGATOR. */
  public static final int AGGREGATOR = 7;

  /** COMMUNITIES (RFC 1997). */
  public static final int COMMUNITIES = 8;

  /** ORIGINATOR_ID (RFC 4456). */
  public static final int ORIGINATOR_ID = 9;

  /** CLUSTER_LIST (RFC 4456). */
  public static final int CLUSTER_LIST = 10;

  /** MP_REACH_NLRI (RFC 4760). */
  public static final int MP_REACH = 14;

  /** MP_UNREACH_NLRI (RFC 4760). */
  public static final int MP_UNREACH = 15;

  /** AS4_PATH (RFC 6793). */
  public static final int AS4_PATH = 17;

  /** AS4_AGGREGATOR (RFC 6793). */
  public static final int AS4_AGGREGATOR = 18;

  /** LARGE_COMMUNITY (RFC 8092). */
  public static final int LARGE_COMMUNITIES = 32;

  private AttributeType() {}

  /**
   * The Optional and Transitive bits an attribute this speaker knows must carry, or -1 for a type
   * it does not know.
   */
  public static int expectedFlags(int type) {
    switch (type) {
      case ORIGIN:
      case AS_PATH:
      case NEXT_HOP:
      case LOCAL_PREF:
      case ATOMIC_AGGREGATE:
        return WELL_KNOWN;
      case MED:
      case ORIGINATOR_ID:
      case CLUSTER_LIST:
      case MP_REACH:
      case MP_UNREACH:
        return FLAG_OPTIONAL;
      case AGGREGATOR:
      case COMMUNITIES:
      case AS4_PATH:
      case AS4_AGGREGATOR:
      case LARGE_COMMUNITIES:
        return OPTIONAL_TRANSITIVE;
      default:
        return -1;
    }
  }
}
