package dev.gingham.dataplane.linux.nft;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Set elements between the text {@link NftScript} writes and the bytes nf_tables keeps, for the
 * types Gingham's sets use: {@code ipv4_addr} (plain or interval), {@code ifname}, {@code
 * inet_proto}, {@code inet_service} and concatenations of them, and verdict values. The layout is
 * nftables' own: an IPv4 address in 4 bytes, an interface name in 16 zero-padded bytes, a protocol
 * in 1 byte and a port in 2 (big-endian), each field of a concatenation padded to 4 bytes; an
 * interval is a start key and, unless it reaches the top of the address space, an end key (the
 * first address after it) flagged as an interval end. Stateless and thread-safe.
 */
final class NftElementCodec {
  /** nf_tables' flag on the key that ends an interval. */
  static final int INTERVAL_END = 1;

  /** Verdict codes as nf_tables numbers them. */
  static final int NF_DROP = 0;

  static final int NF_ACCEPT = 1;
  static final int NFT_JUMP = -3;
  static final int NFT_GOTO = -4;
  static final int NFT_RETURN = -5;

  /**
   * One element as the kernel holds it.
   *
   * @param key the key bytes
   * @param flags {@link #INTERVAL_END} or 0
   * @param verdict the verdict code of a map value, or null for a set element
   * @param chain the chain of a jump or goto, or null
   */
  record KernelElement(byte[] key, int flags, @Nullable Integer verdict, @Nullable String chain) {
    @Override
    public boolean equals(Object o) {
      return o instanceof KernelElement
          && Arrays.equals(key, ((KernelElement) o).key)
          && flags == ((KernelElement) o).flags
          && java.util.Objects.equals(verdict, ((KernelElement) o).verdict)
          && java.util.Objects.equals(chain, ((KernelElement) o).chain);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(key) * 31 + flags;
    }
  }

  private NftElementCodec() {}

  /** Whether a set of this declaration can be written over netlink. */
  static boolean supports(String keyType, List<String> flags, @Nullable String valueType) {
    if (valueType != null && !valueType.equals("verdict")) {
      return false;
    }
    boolean interval = flags.contains("interval");
    if (!flags.stream().allMatch(f -> f.equals("interval"))) {
      return false;
    }
    String[] parts = keyType.split(" \\. ");
    if (interval && (parts.length != 1 || !parts[0].equals("ipv4_addr"))) {
      return false;
    }
    for (String p : parts) {
      if (!List.of("ipv4_addr", "ifname", "inet_proto", "inet_service").contains(p)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Encodes one element.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  static List<KernelElement> encode(
      String keyType, boolean interval, String key, @Nullable String value) {
    Integer verdict = null;
    String chain = null;
    if (value != null) {
      String[] v = value.trim().split(" +");
      switch (v[0]) {
        case "accept":
          verdict = NF_ACCEPT;
          break;
        case "drop":
          verdict = NF_DROP;
          break;
        case "return":
          verdict = NFT_RETURN;
          break;
        case "goto":
        case "jump":
          if (v.length != 2 || v[1].isEmpty()) {
            throw new IllegalArgumentException("verdict '" + value + "' names no chain");
          }
          verdict = v[0].equals("goto") ? NFT_GOTO : NFT_JUMP;
          chain = v[1];
          break;
        default:
          throw new IllegalArgumentException("verdict '" + value + "' is not one Gingham writes");
      }
      if (v.length > 2 || (chain == null && v.length != 1)) {
        throw new IllegalArgumentException("verdict '" + value + "' has trailing text");
      }
    }
    String[] types = keyType.split(" \\. ");
    if (interval) {
      IpPrefix p = prefix(key);
      List<KernelElement> out = new ArrayList<>();
      out.add(new KernelElement(p.first().toBytes(), 0, verdict, chain));
      IpAddress last = p.last();
      if (!last.equals(IpAddress.parse("255.255.255.255"))) {
        out.add(new KernelElement(last.next().toBytes(), INTERVAL_END, null, null));
      }
      return out;
    }
    String[] parts = types.length == 1 ? new String[] {key.trim()} : key.split(" \\. ", -1);
    if (parts.length != types.length) {
      throw new IllegalArgumentException(
          "element '"
              + key
              + "' has "
              + parts.length
              + " fields, type "
              + keyType
              + " has "
              + types.length);
    }
    byte[] bytes = new byte[size(types)];
    int at = 0;
    for (int i = 0; i < types.length; i++) {
      byte[] f = field(types[i], parts[i].trim(), key);
      System.arraycopy(f, 0, bytes, at, f.length);
      at += types.length == 1 ? f.length : pad(f.length);
    }
    return List.of(new KernelElement(bytes, 0, verdict, chain));
  }

  private static int size(String[] types) {
    int n = 0;
    for (String t : types) {
      int w = width(t);
      n += types.length == 1 ? w : pad(w);
    }
    return n;
  }

  private static int width(String type) {
    switch (type) {
      case "ipv4_addr":
        return 4;
      case "ifname":
        return 16;
      case "inet_proto":
        return 1;
      case "inet_service":
        return 2;
      default:
        throw new IllegalArgumentException("type " + type + " is not supported");
    }
  }

  private static int pad(int n) {
    return (n + 3) & ~3;
  }

  private static byte[] field(String type, String text, String element) {
    switch (type) {
      case "ipv4_addr":
        {
          IpAddress a;
          try {
            a = IpAddress.parse(text);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("element '" + element + "': " + e.getMessage(), e);
          }
          if (a.family() != IpFamily.IPV4) {
            throw new IllegalArgumentException(
                "element '" + element + "': " + text + " is not IPv4");
          }
          return a.toBytes();
        }
      case "ifname":
        {
          if (text.length() < 3 || !text.startsWith("\"") || !text.endsWith("\"")) {
            throw new IllegalArgumentException(
                "element '" + element + "': interface name " + text + " is not quoted");
          }
          byte[] name = text.substring(1, text.length() - 1).getBytes(StandardCharsets.US_ASCII);
          if (name.length > 15 || text.indexOf('"', 1) != text.length() - 1) {
            throw new IllegalArgumentException(
                "element '" + element + "': interface name " + text + " is not 1..15 characters");
          }
          return Arrays.copyOf(name, 16);
        }
      case "inet_proto":
        return new byte[] {(byte) protocol(text, element)};
      default:
        {
          int port = number(text, element, 65535);
          return new byte[] {(byte) (port >> 8), (byte) port};
        }
    }
  }

  private static int protocol(String text, String element) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "tcp":
        return 6;
      case "udp":
        return 17;
      case "icmp":
        return 1;
      case "sctp":
        return 132;
      case "udplite":
        return 136;
      default:
        return number(text, element, 255);
    }
  }

  private static int number(String text, String element, int max) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "element '" + element + "': '" + text + "' is not a number");
    }
    int n = Integer.parseInt(text);
    if (n > max) {
      throw new IllegalArgumentException("element '" + element + "': " + n + " is above " + max);
    }
    return n;
  }

  private static IpPrefix prefix(String key) {
    String k = key.trim();
    try {
      return k.contains("/") ? IpPrefix.parse(k) : IpAddress.parse(k).toPrefix();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("element '" + key + "': " + e.getMessage(), e);
    }
  }

  /** The text of a non-interval key, as {@link NftScript} writes it: the inverse of encode. */
  static String decode(String keyType, byte[] key) {
    String[] types = keyType.split(" \\. ");
    if (key.length != size(types)) {
      throw new IllegalArgumentException(
          "key of " + key.length + " bytes does not fit type " + keyType);
    }
    List<String> parts = new ArrayList<>();
    int at = 0;
    for (String t : types) {
      int w = width(t);
      byte[] f = Arrays.copyOfRange(key, at, at + w);
      switch (t) {
        case "ipv4_addr":
          parts.add(IpAddress.of(f).toString());
          break;
        case "ifname":
          {
            int end = 0;
            while (end < f.length && f[end] != 0) {
              end++;
            }
            parts.add("\"" + new String(f, 0, end, StandardCharsets.US_ASCII) + "\"");
            break;
          }
        case "inet_proto":
          {
            int p = f[0] & 0xff;
            parts.add(
                p == 6
                    ? "tcp"
                    : p == 17
                        ? "udp"
                        : p == 132
                            ? "sctp"
                            : p == 136 ? "udplite" : p == 1 ? "icmp" : Integer.toString(p));
            break;
          }
        default:
          parts.add(Integer.toString(((f[0] & 0xff) << 8) | (f[1] & 0xff)));
      }
      at += types.length == 1 ? w : pad(w);
    }
    return String.join(" . ", parts);
  }
}
