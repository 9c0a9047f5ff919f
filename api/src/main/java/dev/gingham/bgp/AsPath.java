package dev.gingham.bgp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The AS_PATH attribute: the segments of autonomous systems a route has traversed, nearest first,
 * with 4-octet AS numbers throughout (RFC 6793). Immutable and thread-safe.
 *
 * <p>{@link #toString()} prints the path as BIRD and GoBGP do ({@code 65001 65002 {65003,65004}})
 * and {@link #parse} reads that form back.
 */
public final class AsPath {
  /** The empty path, as a locally originated route carries within its own AS. */
  public static final AsPath EMPTY = new AsPath(List.of());

  // Most paths are one AS_SEQUENCE: it is kept as its bare AS numbers (single, with segments
  // null), which costs a third of a list and a segment object; segments() builds the list when
  // asked. Otherwise single is null and segments holds them all.
  private final int @Nullable [] single;
  private final @Nullable List<AsPathSegment> segments;
  private final int pathLength;

  private AsPath(List<AsPathSegment> segments) {
    int len = 0;
    for (AsPathSegment s : segments) {
      len += s.pathLength();
    }
    this.pathLength = len;
    if (segments.size() == 1 && segments.get(0).type() == AsPathSegment.Type.AS_SEQUENCE) {
      this.single = segments.get(0).raw();
      this.segments = null;
    } else {
      this.single = null;
      this.segments = segments;
    }
  }

  /** A path of the given segments, in order. */
  public static AsPath of(List<AsPathSegment> segments) {
    return segments.isEmpty() ? EMPTY : new AsPath(List.copyOf(segments));
  }

  /**
   * A path of one AS_SEQUENCE, or {@link #EMPTY} for no AS numbers. Sequences longer than 255 are
   * split into several segments, as on the wire.
   *
   * @throws IllegalArgumentException if an AS number is not in 0..4294967295
   */
  public static AsPath sequence(long... asns) {
    if (asns.length == 0) {
      return EMPTY;
    }
    if (asns.length <= AsPathSegment.MAX_LENGTH) {
      return new AsPath(List.of(AsPathSegment.sequence(asns)));
    }
    List<AsPathSegment> segments = new ArrayList<>();
    for (int start = 0; start < asns.length; start += AsPathSegment.MAX_LENGTH) {
      int end = Math.min(asns.length, start + AsPathSegment.MAX_LENGTH);
      long[] part = new long[end - start];
      System.arraycopy(asns, start, part, 0, part.length);
      segments.add(AsPathSegment.sequence(part));
    }
    return of(segments);
  }

  /**
   * Parses the text form: AS numbers separated by spaces, with sets in braces, as in {@code 65001
   * 65002 {65003,65004}}. The empty or blank string is the empty path.
   *
   * @throws IllegalArgumentException quoting the text if it is not a path
   */
  public static AsPath parse(String text) {
    Objects.requireNonNull(text, "text");
    List<AsPathSegment> segments = new ArrayList<>();
    List<Long> run = new ArrayList<>();
    int i = 0;
    int n = text.length();
    try {
      while (i < n) {
        char c = text.charAt(i);
        if (c == ' ') {
          i++;
        } else if (c == '{') {
          flush(run, segments);
          int close = text.indexOf('}', i);
          if (close < 0) {
            throw new IllegalArgumentException("an AS_SET opened with '{' is not closed");
          }
          String[] parts = text.substring(i + 1, close).split(",", -1);
          long[] set = new long[parts.length];
          for (int k = 0; k < parts.length; k++) {
            set[k] = Asns.parse(parts[k].strip());
          }
          segments.add(AsPathSegment.set(set));
          i = close + 1;
        } else {
          int end = i;
          while (end < n && text.charAt(end) != ' ' && text.charAt(end) != '{') {
            end++;
          }
          run.add(Asns.parse(text.substring(i, end)));
          if (run.size() == AsPathSegment.MAX_LENGTH) {
            flush(run, segments);
          }
          i = end;
        }
      }
      flush(run, segments);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an AS path: '" + text + "': " + e.getMessage(), e);
    }
    return of(segments);
  }

  private static void flush(List<Long> run, List<AsPathSegment> segments) {
    if (!run.isEmpty()) {
      segments.add(AsPathSegment.sequence(run.stream().mapToLong(Long::longValue).toArray()));
      run.clear();
    }
  }

  /** The segments, nearest first. */
  public List<AsPathSegment> segments() {
    return single != null
        ? List.of(AsPathSegment.trusted(AsPathSegment.Type.AS_SEQUENCE, single))
        : segments;
  }

  /**
   * The length the decision process compares (RFC 4271 section 9.1.2.2): the number of AS numbers
   * in sequences, plus one per set.
   */
  public int pathLength() {
    return pathLength;
  }

  /** Whether the path has no segments. */
  public boolean isEmpty() {
    return single == null && segments.isEmpty();
  }

  /**
   * The neighbouring AS: the first AS of a leading AS_SEQUENCE, or 0 if the path is empty or starts
   * with a set. The MED of two routes is compared only when they share it.
   */
  public long neighbourAs() {
    if (single != null) {
      return Integer.toUnsignedLong(single[0]);
    }
    if (segments.isEmpty() || segments.get(0).type() != AsPathSegment.Type.AS_SEQUENCE) {
      return 0;
    }
    return segments.get(0).asn(0);
  }

  /** Whether {@code asn} appears anywhere in the path (loop detection). */
  public boolean contains(long asn) {
    int raw = (int) asn;
    if (single != null) {
      for (int a : single) {
        if (a == raw) {
          return true;
        }
      }
      return false;
    }
    for (AsPathSegment s : segments) {
      for (int a : s.raw()) {
        if (a == raw) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * This path with {@code asn} prepended {@code times} times, as an eBGP speaker does: into the
   * leading AS_SEQUENCE while it has room, else in a new segment.
   *
   * @throws IllegalArgumentException if {@code asn} is not in 0..4294967295 or {@code times} is not
   *     in 1..255
   */
  public AsPath prepend(long asn, int times) {
    Asns.check(asn, "the AS to prepend");
    if (times < 1 || times > AsPathSegment.MAX_LENGTH) {
      throw new IllegalArgumentException("prepend count must be in 1..255, was " + times);
    }
    List<AsPathSegment> segments = segments();
    List<AsPathSegment> out = new ArrayList<>(segments.size() + 1);
    int[] lead = new int[0];
    int from = 0;
    if (!segments.isEmpty()
        && segments.get(0).type() == AsPathSegment.Type.AS_SEQUENCE
        && segments.get(0).size() + times <= AsPathSegment.MAX_LENGTH) {
      lead = segments.get(0).raw();
      from = 1;
    }
    int[] merged = new int[times + lead.length];
    for (int i = 0; i < times; i++) {
      merged[i] = (int) asn;
    }
    System.arraycopy(lead, 0, merged, times, lead.length);
    out.add(AsPathSegment.trusted(AsPathSegment.Type.AS_SEQUENCE, merged));
    out.addAll(segments.subList(from, segments.size()));
    return new AsPath(List.copyOf(out));
  }

  /** Every AS number of the path, in wire order, sets included. */
  public long[] toArray() {
    List<AsPathSegment> segments = segments();
    int n = 0;
    for (AsPathSegment s : segments) {
      n += s.size();
    }
    long[] out = new long[n];
    int k = 0;
    for (AsPathSegment s : segments) {
      for (int i = 0; i < s.size(); i++) {
        out[k++] = s.asn(i);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof AsPath)) {
      return false;
    }
    AsPath p = (AsPath) o;
    if (single != null || p.single != null) {
      return single != null && p.single != null && java.util.Arrays.equals(single, p.single);
    }
    return p.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    // As List.of(segment).hashCode() would be, without building the list.
    return single != null
        ? 31 + AsPathSegment.Type.AS_SEQUENCE.hashCode() * 31 + java.util.Arrays.hashCode(single)
        : segments.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (AsPathSegment s : segments()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s);
    }
    return sb.toString();
  }
}
