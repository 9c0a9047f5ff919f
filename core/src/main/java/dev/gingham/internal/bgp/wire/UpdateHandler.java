package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.PathAttributes;

/**
 * Receives what an UPDATE says, prefix by prefix, as primitives: the decoder allocates nothing per
 * prefix. Withdrawals come first, then announcements. Treat-as-withdraw (RFC 7606) turns every
 * announcement of the message into a withdrawal.
 *
 * <p>{@code pathId} is the path identifier of RFC 7911 on a family that receives them, and 0 on
 * others: a session's paths of one prefix are told apart by it.
 */
public interface UpdateHandler {
  /** An IPv4 prefix is withdrawn; host bits are clear. */
  void withdrawIpv4(int pathId, int address, int length);

  /** An IPv6 prefix is withdrawn; host bits are clear. */
  void withdrawIpv6(int pathId, long high, long low, int length);

  /** An IPv4 prefix is announced with interned attributes. */
  void announceIpv4(int pathId, int address, int length, PathAttributes attributes);

  /** An IPv6 prefix is announced with interned attributes. */
  void announceIpv6(int pathId, long high, long low, int length, PathAttributes attributes);

  /** The peer has sent its whole table of this family (End-of-RIB, RFC 4724 section 2). */
  void endOfRib(AddressFamily family);

  /**
   * The message was treated as a withdrawal or lost an attribute, for the reason given (RFC 7606);
   * the session stays up.
   */
  void malformed(String reason);
}
