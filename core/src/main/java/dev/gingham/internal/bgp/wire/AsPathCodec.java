package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.AsPathSegment;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * AS_PATH and AS4_PATH values (RFC 4271 section 4.3, RFC 6793), and the merge of the two that a
 * speaker does for a 2-octet peer.
 *
 * <pre>
 * +-----------------+-----------------+---------------------------------+
 * | segment type(1) | segment len (1) | len AS numbers of 2 or 4 bytes  | ...
 * +-----------------+-----------------+---------------------------------+
 * </pre>
 */
public final class AsPathCodec {
  private AsPathCodec() {}

  /**
   * Decodes a path of {@code length} bytes at {@code index} with AS numbers of {@code asSize}
   * bytes, or returns null if it is malformed: a segment type other than AS_SET or AS_SEQUENCE, an
   * empty segment, or a segment that overruns the attribute.
   */
  public static @Nullable AsPath decode(ByteBuf buf, int index, int length, int asSize) {
    int end = index + length;
    int i = index;
    if (length >= 2
        && buf.getUnsignedByte(index) == 2
        && length == 2 + buf.getUnsignedByte(index + 1) * asSize
        && buf.getUnsignedByte(index + 1) > 0) {
      // One AS_SEQUENCE, as most paths are: no list of segments to build.
      long[] asns = new long[buf.getUnsignedByte(index + 1)];
      for (int k = 0; k < asns.length; k++) {
        int at = index + 2 + k * asSize;
        asns[k] = asSize == 4 ? buf.getUnsignedInt(at) : buf.getUnsignedShort(at);
      }
      return AsPath.sequence(asns);
    }
    List<AsPathSegment> segments = new ArrayList<>(2);
    while (i < end) {
      if (end - i < 2) {
        return null;
      }
      int type = buf.getUnsignedByte(i);
      int count = buf.getUnsignedByte(i + 1);
      if ((type != 1 && type != 2) || count == 0 || i + 2 + count * asSize > end) {
        return null;
      }
      long[] asns = new long[count];
      for (int k = 0; k < count; k++) {
        int at = i + 2 + k * asSize;
        asns[k] = asSize == 4 ? buf.getUnsignedInt(at) : buf.getUnsignedShort(at);
      }
      segments.add(
          AsPathSegment.of(
              type == 1 ? AsPathSegment.Type.AS_SET : AsPathSegment.Type.AS_SEQUENCE, asns));
      i += 2 + count * asSize;
    }
    return AsPath.of(segments);
  }

  /**
   * Writes a path with AS numbers of {@code asSize} bytes; with 2 bytes, an AS above 65535 is
   * written as AS_TRANS.
   */
  public static void encode(ByteBuf out, AsPath path, int asSize) {
    for (AsPathSegment s : path.segments()) {
      out.writeByte(s.type().code()).writeByte(s.size());
      for (int k = 0; k < s.size(); k++) {
        long asn = s.asn(k);
        if (asSize == 4) {
          out.writeInt((int) asn);
        } else {
          out.writeShort(asn > 0xFFFF ? BgpWire.AS_TRANS : (int) asn);
        }
      }
    }
  }

  /** The encoded length of a path with AS numbers of {@code asSize} bytes. */
  public static int encodedLength(AsPath path, int asSize) {
    int n = 0;
    for (AsPathSegment s : path.segments()) {
      n += 2 + s.size() * asSize;
    }
    return n;
  }

  /**
   * Whether a path has an AS that does not fit in 2 bytes, so that a 2-octet peer needs AS4_PATH.
   */
  public static boolean needsAs4Path(AsPath path) {
    for (AsPathSegment s : path.segments()) {
      for (int k = 0; k < s.size(); k++) {
        if (s.asn(k) > 0xFFFF) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Merges AS_PATH and AS4_PATH as RFC 6793 section 4.2.3 says: if AS4_PATH is longer than AS_PATH
   * it is ignored; otherwise the leading ASes of AS_PATH that AS4_PATH lacks are kept and AS4_PATH
   * follows them, segment for segment as received.
   */
  public static AsPath merge(AsPath asPath, AsPath as4Path) {
    int missing = asPath.pathLength() - as4Path.pathLength();
    if (missing < 0) {
      return asPath;
    }
    List<AsPathSegment> out = new ArrayList<>();
    for (AsPathSegment s : asPath.segments()) {
      if (missing <= 0) {
        break;
      }
      if (s.type() == AsPathSegment.Type.AS_SET) {
        out.add(s);
        missing -= 1;
      } else {
        int take = Math.min(missing, s.size());
        long[] part = new long[take];
        for (int k = 0; k < take; k++) {
          part[k] = s.asn(k);
        }
        out.add(AsPathSegment.sequence(part));
        missing -= take;
      }
    }
    out.addAll(as4Path.segments());
    return AsPath.of(out);
  }
}
