package dev.gingham.benchmarks.table;

import java.util.Arrays;

/**
 * The path attributes a group of prefixes shares, as a BGP UPDATE carries them: in a full table a
 * few hundred thousand distinct sets serve about a million prefixes.
 *
 * @param asPath the AS path, nearest AS first, 3 to 6 hops
 * @param nextHop which of the table's peers the routes come from, from 0
 * @param origin 0 IGP, 1 EGP, 2 incomplete
 * @param med the multi-exit discriminator
 * @param communities standard communities, as 32-bit numbers
 */
public record AttributeSet(int[] asPath, int nextHop, int origin, int med, int[] communities) {
  public AttributeSet {
    asPath = asPath.clone();
    communities = communities.clone();
  }

  @Override
  public int[] asPath() {
    return asPath.clone();
  }

  @Override
  public int[] communities() {
    return communities.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttributeSet a
        && Arrays.equals(asPath, a.asPath)
        && nextHop == a.nextHop
        && origin == a.origin
        && med == a.med
        && Arrays.equals(communities, a.communities);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(asPath) + nextHop) + Arrays.hashCode(communities) + med;
  }

  @Override
  public String toString() {
    return "AttributeSet[asPath="
        + Arrays.toString(asPath)
        + ", nextHop="
        + nextHop
        + ", origin="
        + origin
        + ", med="
        + med
        + ", communities="
        + Arrays.toString(communities)
        + "]";
  }
}
