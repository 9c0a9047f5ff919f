package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.AddressFamily;
import java.util.Set;

/**
 * What the UPDATE codec of one session needs to know: it decides how AS numbers are encoded and
 * which attributes a peer may send.
 *
 * @param fourOctetAs whether both sides announced 4-octet AS (RFC 6793)
 * @param internal whether the session is iBGP
 * @param families the negotiated families; NLRI of others is ignored
 */
public record SessionCodec(boolean fourOctetAs, boolean internal, Set<AddressFamily> families) {
  /** Copies the set. */
  public SessionCodec {
    families = Set.copyOf(families);
  }

  /** The bytes of one AS number on this session. */
  public int asSize() {
    return fourOctetAs ? 4 : 2;
  }
}
