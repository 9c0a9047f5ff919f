package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.AddressFamily;
import java.util.Set;

/**
 * The graceful restart capability (RFC 4724 section 3).
 *
 * @param restarting the Restart State (R) bit: the sender has just restarted
 * @param restartTimeSeconds how long the sender asks its peer to keep its routes, 0..4095
 * @param families the families listed
 * @param preserved of those, the families whose Forwarding State (F) bit is set
 */
public record GracefulRestart(
    boolean restarting,
    int restartTimeSeconds,
    Set<AddressFamily> families,
    Set<AddressFamily> preserved) {
  /** Copies the sets. */
  public GracefulRestart {
    families = Set.copyOf(families);
    preserved = Set.copyOf(preserved);
  }
}
