package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.util.function.ToLongFunction;

/**
 * The BGP decision process, phase 2 (RFC 4271 section 9.1.2.2, with RFC 4456's ORIGINATOR_ID and
 * CLUSTER_LIST steps). Each step removes the candidates that lose it, so that MED, which is
 * compared only between routes from the same neighbouring AS, is applied as the RFC says rather
 * than as a (non-transitive) pairwise order:
 *
 * <ol>
 *   <li>this speaker's own routes first;
 *   <li>highest LOCAL_PREF;
 *   <li>shortest AS_PATH (a set counts as one);
 *   <li>lowest ORIGIN;
 *   <li>lowest MED among routes from the same neighbouring AS (or all, with always-compare-MED);
 *   <li>eBGP over iBGP;
 *   <li>lowest IGP cost to the next hop;
 *   <li>lowest BGP identifier (the ORIGINATOR_ID when present);
 *   <li>shortest CLUSTER_LIST;
 *   <li>lowest peer address.
 * </ol>
 *
 * <p>Stateless apart from its configuration; the scratch array makes it not thread-safe.
 */
public final class DecisionProcess {
  private final boolean alwaysCompareMed;
  private final ToLongFunction<IpAddress> igpCost;
  private boolean[] out = new boolean[8];

  /** A decision process with the speaker's options. */
  public DecisionProcess(boolean alwaysCompareMed, ToLongFunction<IpAddress> igpCost) {
    this.alwaysCompareMed = alwaysCompareMed;
    this.igpCost = igpCost;
  }

  /** Orders {@code c[0..n)} best first, by running the decision on what remains each time. */
  public void rank(Candidate[] c, int n) {
    for (int from = 0; from < n - 1; from++) {
      Candidate[] rest = java.util.Arrays.copyOfRange(c, from, n);
      int b = best(rest, rest.length);
      Candidate winner = rest[b];
      rest[b] = rest[0];
      rest[0] = winner;
      System.arraycopy(rest, 0, c, from, rest.length);
    }
  }

  /** The index of the best of {@code n >= 1} candidates. */
  public int best(Candidate[] c, int n) {
    if (n == 1) {
      return 0;
    }
    if (out.length < n) {
      out = new boolean[n];
    }
    java.util.Arrays.fill(out, 0, n, false);
    int left = n;
    for (int step = 0; step < 10 && left > 1; step++) {
      if (step == 4) {
        left = medStep(c, n, left);
      } else {
        long bestKey = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
          if (!out[i]) {
            bestKey = Math.min(bestKey, key(step, c[i]));
          }
        }
        for (int i = 0; i < n; i++) {
          if (!out[i] && key(step, c[i]) != bestKey) {
            out[i] = true;
            left--;
          }
        }
      }
    }
    int winner = -1;
    for (int i = 0; i < n; i++) {
      if (!out[i]) {
        if (winner < 0 || tieBreak(c[i], c[winner]) < 0) {
          winner = i;
        }
      }
    }
    return winner;
  }

  /** The key of one step; lower wins. */
  private long key(int step, Candidate c) {
    PathAttributes a = c.attributes();
    switch (step) {
      case 0:
        return c.source().isLocal() ? 0 : 1;
      case 1:
        return -a.localPref();
      case 2:
        return a.asPath().pathLength();
      case 3:
        return a.origin().code();
      case 5:
        return c.source().external() || c.source().isLocal() ? 0 : 1;
      case 6:
        return a.nextHop() == null ? 0 : igpCost.applyAsLong(a.nextHop());
      case 7:
        Ipv4Address originator = a.originatorId();
        return Integer.toUnsignedLong(
            originator != null ? originator.toInt() : c.source().routerId());
      case 8:
        return a.clusterList().size();
      default:
        return 0;
    }
  }

  /** Removes, within each neighbouring AS, the routes whose MED is not the lowest. */
  private int medStep(Candidate[] c, int n, int left) {
    for (int i = 0; i < n; i++) {
      if (out[i]) {
        continue;
      }
      long asI = c[i].attributes().asPath().neighbourAs();
      for (int j = 0; j < n; j++) {
        if (j == i || out[j]) {
          continue;
        }
        boolean comparable = alwaysCompareMed || c[j].attributes().asPath().neighbourAs() == asI;
        if (comparable && c[j].attributes().med() < c[i].attributes().med()) {
          out[i] = true;
          left--;
          break;
        }
      }
    }
    return left;
  }

  /**
   * The last step: lowest peer address, local routes first; between paths of one peer (ADD-PATH),
   * the lowest path identifier, so that the choice does not depend on arrival order.
   */
  private static int tieBreak(Candidate a, Candidate b) {
    IpAddress pa = a.source().peer();
    IpAddress pb = b.source().peer();
    if (pa == null || pb == null) {
      return pa == null ? (pb == null ? 0 : -1) : 1;
    }
    int c = pa.compareTo(pb);
    return c != 0 ? c : Integer.compareUnsigned(a.pathId(), b.pathId());
  }
}
