package dev.gingham.net;

import java.nio.charset.StandardCharsets;

/**
 * The text forms of IP addresses: a strict single-pass parser and the canonical formatter.
 *
 * <p>The parser reads a slice of a {@link CharSequence} with {@code charAt} only: no regex, no
 * split, no substring, and it allocates nothing on success beyond the caller's result. Every
 * failure is an {@link IllegalArgumentException} whose message says what is wrong and quotes the
 * whole input (the "quoted range" {@code [qs, qe)}, which is wider than the slice being parsed when
 * an address is part of a prefix).
 *
 * <p>The accepted grammar is that of Go's {@code net/netip}, which Calico uses:
 *
 * <pre>
 *   ipv4  = octet "." octet "." octet "." octet
 *   octet = "0" / %x31-39 *2DIGIT            ; 0..255, no leading zero
 *   ipv6  = RFC 4291 section 2.2: 1..4 HEXDIG groups, at most one "::",
 *           optionally ending in an ipv4 that fills the last 32 bits
 * </pre>
 *
 * <p>Leading zeros in IPv4 octets are rejected because {@code inet_aton} reads "010" as octal 8
 * while most other parsers read it as decimal 10; accepting it would let two programs disagree on
 * which host an address names. Zone ids ({@code fe80::1%eth0}) are rejected because an {@link
 * IpAddress} has no zone.
 */
final class AddressText {
  /** Hex digit values by ASCII code; -1 for anything that is not a hex digit. */
  private static final byte[] HEX_VALUE = new byte[128];

  private static final byte[] HEX_DIGIT = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  static {
    java.util.Arrays.fill(HEX_VALUE, (byte) -1);
    for (int c = '0'; c <= '9'; c++) {
      HEX_VALUE[c] = (byte) (c - '0');
    }
    for (int c = 'a'; c <= 'f'; c++) {
      HEX_VALUE[c] = (byte) (c - 'a' + 10);
      HEX_VALUE[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
    }
  }

  private AddressText() {}

  // ------------------------------------------------------------------------------------------
  // Parsing

  /**
   * Parses {@code [start, end)} as an IPv4 or an IPv6 address. The family is told by the first
   * separator: an IPv4 address has a '.' within its first four characters, an IPv6 address a ':'
   * within its first five.
   */
  static IpAddress parseAddress(CharSequence s, int start, int end, int qs, int qe) {
    int limit = Math.min(end, start + 5);
    for (int i = start; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        return Ipv4Address.of(parseIpv4(s, start, end, qs, qe));
      }
      if (c == ':') {
        return parseIpv6(s, start, end, qs, qe);
      }
    }
    // No separator where one must be. A separator further on still makes for a better message.
    for (int i = limit; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.' || c == ':') {
        if (c == '.') {
          parseIpv4(s, start, end, qs, qe);
        } else {
          parseIpv6(s, start, end, qs, qe);
        }
        break; // not reached: the first group or octet is too long
      }
    }
    throw fail(s, qs, qe, notAnAddress(s, start, end, qs));
  }

  /** Parses {@code [start, end)} as a dotted-quad IPv4 address and returns its 32 bits. */
  static int parseIpv4(CharSequence s, int start, int end, int qs, int qe) {
    int bits = 0;
    int i = start;
    for (int octet = 1; ; octet++) {
      int digitsStart = i;
      int value = 0;
      while (i < end) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
        i++;
        if (value > 255) {
          throw fail(s, qs, qe, "IPv4 octet " + octet + " is greater than 255");
        }
      }
      int digits = i - digitsStart;
      if (digits == 0) {
        throw fail(s, qs, qe, missingOctet(s, i, start, end, qs, octet));
      }
      if (digits > 1 && s.charAt(digitsStart) == '0') {
        throw fail(
            s,
            qs,
            qe,
            "IPv4 octet " + octet + " has a leading zero, which is ambiguous (octal or decimal?)");
      }
      bits = (bits << 8) | value;
      if (octet == 4) {
        break;
      }
      if (i == end) {
        throw fail(s, qs, qe, "an IPv4 address has 4 octets, found " + octet);
      }
      if (s.charAt(i) != '.') {
        throw fail(s, qs, qe, unexpected(s, i, qs, "an IPv4 address"));
      }
      i++;
    }
    if (i != end) {
      throw fail(
          s,
          qs,
          qe,
          s.charAt(i) == '.'
              ? "an IPv4 address has exactly 4 octets, with no trailing '.'"
              : unexpected(s, i, qs, "an IPv4 address"));
    }
    return bits;
  }

  /** Parses {@code [start, end)} as an RFC 4291 section 2.2 IPv6 address. */
  static Ipv6Address parseIpv6(CharSequence s, int start, int end, int qs, int qe) {
    // Groups are shifted into a 128-bit accumulator. At "::" the accumulator is saved as the head
    // and restarted; at the end the head is shifted left past the zeros that "::" stands for.
    long hi = 0;
    long lo = 0;
    long headHi = 0;
    long headLo = 0;
    int groups = 0;
    int ellipsisAt = -1;
    int i = start;
    if (i < end && s.charAt(i) == ':') {
      if (i + 1 == end || s.charAt(i + 1) != ':') {
        throw fail(s, qs, qe, "an IPv6 address cannot start with a single ':'");
      }
      ellipsisAt = 0;
      i += 2;
      if (i == end) {
        return Ipv6Address.of(0, 0);
      }
    }
    while (true) {
      int groupStart = i;
      int value = 0;
      while (i < end) {
        char c = s.charAt(i);
        int digit = c < 128 ? HEX_VALUE[c] : -1;
        if (digit < 0) {
          break;
        }
        if (i - groupStart == 4) {
          throw fail(
              s,
              qs,
              qe,
              "IPv6 group at index " + (groupStart - qs) + " has more than 4 hex digits");
        }
        value = (value << 4) | digit;
        i++;
      }
      if (i < end && s.charAt(i) == '.') {
        // A dotted quad fills the last two groups: RFC 4291 section 2.2, form 3.
        if (groups > 6) {
          throw fail(s, qs, qe, "an IPv6 address has at most 8 groups (an IPv4 part counts as 2)");
        }
        int v4 = parseIpv4(s, groupStart, end, qs, qe);
        hi = (hi << 32) | (lo >>> 32);
        lo = (lo << 32) | (v4 & 0xFFFF_FFFFL);
        groups += 2;
        break;
      }
      if (i == groupStart) {
        throw fail(s, qs, qe, emptyGroup(s, i, start, end, qs));
      }
      hi = (hi << 16) | (lo >>> 48);
      lo = (lo << 16) | value;
      groups++;
      if (i == end) {
        break;
      }
      if (s.charAt(i) != ':') {
        throw fail(s, qs, qe, unexpected(s, i, qs, "an IPv6 address"));
      }
      if (groups == 8) {
        throw fail(s, qs, qe, "an IPv6 address has at most 8 groups");
      }
      i++;
      if (i < end && s.charAt(i) == ':') {
        if (ellipsisAt >= 0) {
          throw fail(s, qs, qe, "an IPv6 address can contain '::' only once");
        }
        ellipsisAt = groups;
        headHi = hi;
        headLo = lo;
        hi = 0;
        lo = 0;
        i++;
        if (i == end) {
          break;
        }
      } else if (i == end) {
        throw fail(s, qs, qe, "an IPv6 address cannot end with a single ':'");
      }
    }
    if (ellipsisAt < 0) {
      if (groups != 8) {
        throw fail(s, qs, qe, "an IPv6 address without '::' has 8 groups, found " + groups);
      }
      return Ipv6Address.of(hi, lo);
    }
    if (groups == 8) {
      throw fail(s, qs, qe, "'::' must stand for at least one zero group, but there are 8 groups");
    }
    int shift = 16 * (8 - ellipsisAt); // 16..128
    if (shift >= 128) {
      headHi = 0;
      headLo = 0;
    } else if (shift >= 64) {
      headHi = headLo << (shift - 64);
      headLo = 0;
    } else {
      headHi = (headHi << shift) | (headLo >>> (64 - shift));
      headLo <<= shift;
    }
    return Ipv6Address.of(headHi | hi, headLo | lo);
  }

  // ------------------------------------------------------------------------------------------
  // Failure messages: cold paths, kept out of the parsing loops.

  static IllegalArgumentException fail(CharSequence s, int qs, int qe, String reason) {
    return new IllegalArgumentException(
        new StringBuilder(reason.length() + (qe - qs) + 4)
            .append(reason)
            .append(": '")
            .append(s, qs, qe)
            .append('\'')
            .toString());
  }

  private static String notAnAddress(CharSequence s, int start, int end, int qs) {
    if (start == end) {
      return "an empty string is not an IP address";
    }
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c != '.' && c != ':' && (c >= 128 || HEX_VALUE[c] < 0)) {
        return unexpected(s, i, qs, "an IP address");
      }
    }
    return "not an IPv4 or IPv6 address";
  }

  private static String missingOctet(CharSequence s, int i, int start, int end, int qs, int octet) {
    if (i == end) {
      return start == end
          ? "an empty string is not an IPv4 address"
          : "an IPv4 address has 4 octets, and octet " + octet + " is empty";
    }
    if (s.charAt(i) == '.') {
      return "IPv4 octet " + octet + " is empty";
    }
    return unexpected(s, i, qs, "an IPv4 address");
  }

  private static String emptyGroup(CharSequence s, int i, int start, int end, int qs) {
    if (i == end) {
      return start == end ? "an empty string is not an IPv6 address" : "empty IPv6 group";
    }
    if (s.charAt(i) == ':') {
      return "':::' is not allowed in an IPv6 address";
    }
    return unexpected(s, i, qs, "an IPv6 address");
  }

  static String unexpected(CharSequence s, int i, int qs, String where) {
    char c = s.charAt(i);
    if (c == '%') {
      return "zone ids are not supported";
    }
    if (c == '[' || c == ']') {
      return "brackets are not accepted around an IP address";
    }
    if (c == '/') {
      return "a prefix length is not allowed in an address (use IpPrefix)";
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return "whitespace is not allowed (index " + (i - qs) + ")";
    }
    return "unexpected character " + describe(c) + " at index " + (i - qs) + " in " + where;
  }

  static String describe(char c) {
    if (c >= 0x21 && c < 0x7F) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }

  // ------------------------------------------------------------------------------------------
  // Formatting

  /** The dotted quad, e.g. {@code 192.0.2.1}. */
  static String formatIpv4(int bits) {
    byte[] buf = new byte[15];
    int n = appendIpv4(buf, 0, bits);
    return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }

  /**
   * The RFC 5952 canonical text: lower-case hex without leading zeros, the longest run of two or
   * more zero groups (the leftmost of equal runs) replaced by "::", and IPv4-mapped addresses in
   * mixed notation (section 5).
   */
  static String formatIpv6(long hi, long lo) {
    byte[] buf = new byte[39];
    int p = 0;
    if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
      buf[p++] = ':';
      buf[p++] = ':';
      buf[p++] = 'f';
      buf[p++] = 'f';
      buf[p++] = 'f';
      buf[p++] = 'f';
      buf[p++] = ':';
      p = appendIpv4(buf, p, (int) lo);
      return new String(buf, 0, p, StandardCharsets.ISO_8859_1);
    }
    int bestStart = -1;
    int bestLen = 1; // a single zero group is never compressed (RFC 5952 section 4.2.2)
    int runStart = 0;
    int runLen = 0;
    for (int g = 0; g < 8; g++) {
      if (group(hi, lo, g) == 0) {
        if (runLen++ == 0) {
          runStart = g;
        }
        if (runLen > bestLen) { // strictly longer: the leftmost run wins a tie (section 4.2.3)
          bestStart = runStart;
          bestLen = runLen;
        }
      } else {
        runLen = 0;
      }
    }
    int afterBest = bestStart + bestLen;
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        buf[p++] = ':';
        buf[p++] = ':';
        g = afterBest - 1;
        continue;
      }
      if (g > 0 && g != afterBest) {
        buf[p++] = ':';
      }
      p = appendHexGroup(buf, p, group(hi, lo, g));
    }
    return new String(buf, 0, p, StandardCharsets.ISO_8859_1);
  }

  private static int group(long hi, long lo, int g) {
    long half = g < 4 ? hi : lo;
    return (int) (half >>> (48 - 16 * (g & 3))) & 0xFFFF;
  }

  private static int appendHexGroup(byte[] buf, int p, int v) {
    int shift = v >= 0x1000 ? 12 : v >= 0x100 ? 8 : v >= 0x10 ? 4 : 0;
    for (; shift >= 0; shift -= 4) {
      buf[p++] = HEX_DIGIT[(v >>> shift) & 0xF];
    }
    return p;
  }

  private static int appendIpv4(byte[] buf, int p, int bits) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      int v = (bits >>> shift) & 0xFF;
      if (v >= 100) {
        buf[p++] = (byte) ('0' + v / 100);
        v %= 100;
        buf[p++] = (byte) ('0' + v / 10);
        v %= 10;
      } else if (v >= 10) {
        buf[p++] = (byte) ('0' + v / 10);
        v %= 10;
      }
      buf[p++] = (byte) ('0' + v);
      if (shift > 0) {
        buf[p++] = '.';
      }
    }
    return p;
  }

  static char hexDigit(int nibble) {
    return (char) HEX_DIGIT[nibble & 0xF];
  }

  static int hexValue(char c) {
    return c < 128 ? HEX_VALUE[c] : -1;
  }
}
