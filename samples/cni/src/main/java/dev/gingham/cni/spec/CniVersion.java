package dev.gingham.cni.spec;

import java.util.List;

/**
 * A CNI specification version, {@code MAJOR.MINOR.PATCH}, and the versions these plugins speak.
 *
 * @param major the major number
 * @param minor the minor number
 * @param patch the patch number
 */
public record CniVersion(int major, int minor, int patch) implements Comparable<CniVersion> {
  /** 0.3.0: results with interfaces, ips and routes. */
  public static final CniVersion V0_3_0 = new CniVersion(0, 3, 0);

  /** 0.3.1. */
  public static final CniVersion V0_3_1 = new CniVersion(0, 3, 1);

  /** 0.4.0: CHECK and prevResult on DEL. */
  public static final CniVersion V0_4_0 = new CniVersion(0, 4, 0);

  /** 1.0.0: no {@code version} in a result's ips. */
  public static final CniVersion V1_0_0 = new CniVersion(1, 0, 0);

  /** 1.1.0: STATUS and GC. */
  public static final CniVersion V1_1_0 = new CniVersion(1, 1, 0);

  /** What the plugins speak, oldest first. */
  public static final List<CniVersion> SUPPORTED = List.of(V0_3_0, V0_3_1, V0_4_0, V1_0_0, V1_1_0);

  /** The newest version spoken. */
  public static final CniVersion LATEST = V1_1_0;

  private static final int MAX_PART = 999;

  public CniVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException(
          "version parts must not be negative: " + major + "." + minor + "." + patch);
    }
  }

  /**
   * Reads a version such as {@code 1.0.0}. An absent or empty version is {@code 0.1.0}, as libcni
   * reads it.
   *
   * @throws CniException with {@link ErrorCodes#INCOMPATIBLE_VERSION} naming the text if it is not
   *     three dot-separated numbers
   */
  public static CniVersion parse(String text) {
    if (text.isEmpty()) {
      return new CniVersion(0, 1, 0);
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3) {
      throw bad(text);
    }
    int[] n = new int[3];
    for (int i = 0; i < 3; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw bad(text);
      }
      n[i] = Integer.parseInt(p);
      if (n[i] > MAX_PART) {
        throw bad(text);
      }
    }
    return new CniVersion(n[0], n[1], n[2]);
  }

  /**
   * Reads a version and requires it to be one the plugins speak.
   *
   * @throws CniException with {@link ErrorCodes#INCOMPATIBLE_VERSION} naming the version and the
   *     supported ones
   */
  public static CniVersion requireSupported(String text) {
    CniVersion v = parse(text);
    if (!SUPPORTED.contains(v)) {
      throw new CniException(
          ErrorCodes.INCOMPATIBLE_VERSION,
          "incompatible CNI versions: config is \"" + v + "\", plugin supports " + supportedList());
    }
    return v;
  }

  /** Whether this is at least {@code other}. */
  public boolean atLeast(CniVersion other) {
    return compareTo(other) >= 0;
  }

  /** The supported versions, as {@code ["0.3.0", ...]}. */
  public static String supportedList() {
    StringBuilder b = new StringBuilder("[");
    for (CniVersion v : SUPPORTED) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append('"').append(v).append('"');
    }
    return b.append(']').toString();
  }

  private static CniException bad(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return new CniException(
        ErrorCodes.INCOMPATIBLE_VERSION,
        "cniVersion \"" + shown + "\" is not a version (MAJOR.MINOR.PATCH)");
  }

  @Override
  public int compareTo(CniVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
