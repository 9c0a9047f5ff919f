package dev.gingham.cni.delegate;

import dev.gingham.cni.config.NetConfParser;
import dev.gingham.cni.plugin.PluginKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a launcher forwards to the delegate server: which plugin it stands for, its environment and
 * its stdin. The frame is what a few lines of shell can write ({@code printf}, {@code env -0},
 * {@code cat}), then half-close:
 *
 * <pre>
 *   request   = plugin LF *(entry NUL) NUL stdin
 *   plugin    = "gingham" / "gingham-ipam"
 *   entry     = key "=" value          ; UTF-8, key non-empty and without "=" or NUL
 *   stdin     = *OCTET                 ; up to the end of the stream
 * </pre>
 *
 * <p>An entry is never empty (it holds at least {@code "="}), so the empty entry ends the
 * environment unambiguously. Limits: {@value #MAX_ENV_BYTES} bytes of environment, {@value
 * #MAX_ENTRIES} entries, and the configuration's own limit on stdin, so a whole request is at most
 * {@link #MAX_BYTES}. Immutable.
 *
 * @param plugin the plugin the launcher stands for
 * @param env the launcher's environment, in order
 * @param stdin the launcher's stdin, the network configuration
 */
public record DelegateRequest(PluginKind plugin, Map<String, String> env, byte[] stdin) {
  /** The most bytes of environment a request may carry. */
  public static final int MAX_ENV_BYTES = 1 << 20;

  /** The most environment entries a request may carry. */
  public static final int MAX_ENTRIES = 4096;

  /** The most bytes a whole request may have. */
  public static final int MAX_BYTES = 64 + MAX_ENV_BYTES + 1 + NetConfParser.MAX_BYTES;

  /** A request; the environment is copied, and stdin is kept as given. */
  public DelegateRequest {
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  /** A request for a plugin with an environment and stdin. */
  public static DelegateRequest of(PluginKind plugin, Map<String, String> env, byte[] stdin) {
    return new DelegateRequest(plugin, env, stdin.clone());
  }

  /**
   * The request's frame.
   *
   * @throws DelegateProtocolException if a key is empty or holds {@code =} or NUL, a value holds
   *     NUL, or the frame would pass a limit
   */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(plugin.executable().getBytes(StandardCharsets.US_ASCII));
    out.write('\n');
    int envBytes = 0;
    for (Map.Entry<String, String> e : env.entrySet()) {
      String k = e.getKey();
      if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
        throw new DelegateProtocolException("bad environment key \"" + k + "\"");
      }
      if (e.getValue().indexOf('\0') >= 0) {
        throw new DelegateProtocolException("environment value of " + k + " holds NUL");
      }
      byte[] entry = (k + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8);
      envBytes += entry.length + 1;
      out.writeBytes(entry);
      out.write(0);
    }
    if (envBytes > MAX_ENV_BYTES || env.size() > MAX_ENTRIES) {
      throw new DelegateProtocolException(
          "environment of "
              + env.size()
              + " entries and "
              + envBytes
              + " bytes is past the limit of "
              + MAX_ENTRIES
              + " entries and "
              + MAX_ENV_BYTES
              + " bytes");
    }
    out.write(0);
    out.writeBytes(stdin);
    if (out.size() > MAX_BYTES) {
      throw new DelegateProtocolException(
          "request of " + out.size() + " bytes is larger than " + MAX_BYTES);
    }
    return out.toByteArray();
  }

  /**
   * Reads a whole request frame.
   *
   * @throws DelegateProtocolException naming the first thing wrong: a missing or unknown plugin
   *     name, an environment without its end, an entry that is not {@code KEY=VALUE} UTF-8, a key
   *     given twice, or a limit passed
   */
  public static DelegateRequest decode(byte[] frame) {
    if (frame.length > MAX_BYTES) {
      throw new DelegateProtocolException(
          "request of " + frame.length + " bytes is larger than " + MAX_BYTES);
    }
    int lf = indexOf(frame, (byte) '\n', 0, Math.min(frame.length, 64));
    if (lf < 0) {
      throw new DelegateProtocolException(
          "request does not start with a plugin name and a line feed");
    }
    String name = new String(frame, 0, lf, StandardCharsets.ISO_8859_1);
    PluginKind plugin = null;
    for (PluginKind k : PluginKind.values()) {
      if (k.executable().equals(name)) {
        plugin = k;
      }
    }
    if (plugin == null) {
      throw new DelegateProtocolException("unknown plugin \"" + printable(name) + "\"");
    }
    Map<String, String> env = new LinkedHashMap<>();
    int at = lf + 1;
    while (true) {
      int nul = indexOf(frame, (byte) 0, at, frame.length);
      if (nul < 0) {
        throw new DelegateProtocolException(
            "environment has no end (an empty entry) after byte " + at);
      }
      if (nul == at) {
        at++;
        break;
      }
      if (nul - lf > MAX_ENV_BYTES) {
        throw new DelegateProtocolException(
            "environment is larger than " + MAX_ENV_BYTES + " bytes");
      }
      if (env.size() == MAX_ENTRIES) {
        throw new DelegateProtocolException(
            "environment has more than " + MAX_ENTRIES + " entries");
      }
      String entry = utf8(frame, at, nul);
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new DelegateProtocolException(
            "environment entry \"" + printable(entry) + "\" is not KEY=VALUE");
      }
      String key = entry.substring(0, eq);
      if (env.put(key, entry.substring(eq + 1)) != null) {
        throw new DelegateProtocolException("environment key " + printable(key) + " given twice");
      }
      at = nul + 1;
    }
    if (frame.length - at > NetConfParser.MAX_BYTES) {
      throw new DelegateProtocolException(
          "stdin of " + (frame.length - at) + " bytes is larger than " + NetConfParser.MAX_BYTES);
    }
    return new DelegateRequest(plugin, env, Arrays.copyOfRange(frame, at, frame.length));
  }

  private static int indexOf(byte[] b, byte v, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static String utf8(byte[] b, int from, int to) {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return d.decode(ByteBuffer.wrap(b, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      throw new DelegateProtocolException(
          "environment entry at byte " + from + " is not UTF-8: " + e.getMessage());
    }
  }

  /** A value for a message: control characters escaped, long values cut. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 80; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return s.length() > 80 ? b + "..." : b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DelegateRequest r
        && plugin == r.plugin
        && env.equals(r.env)
        && Arrays.equals(stdin, r.stdin);
  }

  @Override
  public int hashCode() {
    return (plugin.hashCode() * 31 + env.hashCode()) * 31 + Arrays.hashCode(stdin);
  }

  @Override
  public String toString() {
    return "DelegateRequest["
        + plugin.executable()
        + ", "
        + env.size()
        + " variables, "
        + stdin.length
        + " bytes of stdin]";
  }
}
