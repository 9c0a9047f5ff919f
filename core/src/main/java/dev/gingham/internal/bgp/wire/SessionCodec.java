package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.AddressFamily;
import java.util.Set;

/**
 * What the UPDATE codec of one session needs to know: it decides how AS numbers are encoded, which
 * attributes a peer may send, how long a message may be and which families carry path identifiers.
 *
 * @param fourOctetAs whether both sides announced 4-octet AS (RFC 6793)
 * @param internal whether the session is iBGP
 * @param families the negotiated families; NLRI of others is ignored
 * @param maxMessageLength the largest UPDATE: 4096, or 65535 with extended messages (RFC 8654)
 * @param addPathReceive the families whose received NLRI carry path identifiers (RFC 7911)
 * @param addPathSend the families whose sent NLRI carry path identifiers
 */
public record SessionCodec(
    boolean fourOctetAs,
    boolean internal,
    Set<AddressFamily> families,
    int maxMessageLength,
    Set<AddressFamily> addPathReceive,
    Set<AddressFamily> addPathSend) {

  /**
   * Copies the sets.
   *
   * @throws IllegalArgumentException if the message length is not 4096..65535
   */
  public SessionCodec {
    families = Set.copyOf(families);
    addPathReceive = Set.copyOf(addPathReceive);
    addPathSend = Set.copyOf(addPathSend);
    if (maxMessageLength < BgpWire.MAX_MESSAGE_LENGTH
        || maxMessageLength > BgpWire.MAX_EXTENDED_MESSAGE_LENGTH) {
      throw new IllegalArgumentException(
          "the largest message must be 4096..65535 bytes, was " + maxMessageLength);
    }
  }

  /** A session of 4096-byte messages without ADD-PATH. */
  public SessionCodec(boolean fourOctetAs, boolean internal, Set<AddressFamily> families) {
    this(fourOctetAs, internal, families, BgpWire.MAX_MESSAGE_LENGTH, Set.of(), Set.of());
  }

  /** The bytes of one AS number on this session. */
  public int asSize() {
    return fourOctetAs ? 4 : 2;
  }

  /** Whether received NLRI of {@code family} carry a path identifier. */
  public boolean receivesPathIds(AddressFamily family) {
    return addPathReceive.contains(family);
  }

  /** Whether sent NLRI of {@code family} carry a path identifier. */
  public boolean sendsPathIds(AddressFamily family) {
    return addPathSend.contains(family);
  }
}
