package dev.gingham.bgp;

import dev.gingham.net.Ipv4Address;
import java.util.Objects;

/**
 * The AGGREGATOR attribute (RFC 4271 section 5.1.7, 4-octet per RFC 6793): the AS and BGP
 * identifier of the speaker that formed an aggregate.
 *
 * @param asn the aggregating AS, in 0..4294967295
 * @param address the aggregating speaker's BGP identifier
 */
public record Aggregator(long asn, Ipv4Address address) {
  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if the AS is not in 0..4294967295
   */
  public Aggregator {
    Asns.check(asn, "the aggregator's AS");
    Objects.requireNonNull(address, "address");
  }

  @Override
  public String toString() {
    return asn + " " + address;
  }
}
