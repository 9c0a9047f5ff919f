package dev.gingham.cni.delegate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the delegate server answers: the plugin's exit status, stdout and stderr. The frame is what
 * a few lines of shell can check and split ({@code read}, {@code wc -c}, {@code tail -c}):
 *
 * <pre>
 *   answer   = GREETING header stdout stderr
 *   GREETING = "GINGHAM-CNI/1" LF        ; sent as soon as the connection is accepted
 *   header   = exit SP length SP length LF ; decimal; exit 0..255, lengths of stdout and stderr
 * </pre>
 *
 * <p>The greeting comes before the server reads the request, so a client that received no greeting
 * knows its request was never run and may run the plugin itself; one that received the greeting but
 * not the whole answer (its length is exact) knows the server failed midway and must not take that
 * as success. Immutable.
 *
 * @param exit the exit status, 0 to 255
 * @param stdout the plugin's stdout
 * @param stderr the plugin's stderr
 */
public record DelegateAnswer(int exit, byte[] stdout, byte[] stderr) {
  /** The line the server sends on accepting a connection. */
  public static final String GREETING = "GINGHAM-CNI/1\n";

  /** The most bytes of stdout or stderr an answer may carry. */
  public static final int MAX_PART_BYTES = 16 << 20;

  private static final int MAX_HEADER_BYTES = 40;

  /**
   * An answer.
   *
   * @throws IllegalArgumentException if the exit status is not 0 to 255 or a part is past {@link
   *     #MAX_PART_BYTES}
   */
  public DelegateAnswer {
    if (exit < 0 || exit > 255) {
      throw new IllegalArgumentException("exit status must be 0 to 255, was " + exit);
    }
    if (stdout.length > MAX_PART_BYTES || stderr.length > MAX_PART_BYTES) {
      throw new IllegalArgumentException(
          "stdout of "
              + stdout.length
              + " and stderr of "
              + stderr.length
              + " bytes: at most "
              + MAX_PART_BYTES
              + " each");
    }
  }

  /** An answer from text. */
  public static DelegateAnswer of(int exit, String stdout, String stderr) {
    return new DelegateAnswer(
        exit, stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8));
  }

  /** The frame after the greeting: the header, stdout and stderr. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        (exit + " " + stdout.length + " " + stderr.length + "\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(stdout);
    out.writeBytes(stderr);
    return out.toByteArray();
  }

  /**
   * Reads a whole answer, greeting included, as a client receives it.
   *
   * @throws DelegateProtocolException if the greeting or header is missing or malformed, or the
   *     answer is shorter or longer than its header says (the server failed midway)
   */
  public static DelegateAnswer decode(byte[] received) {
    byte[] greeting = GREETING.getBytes(StandardCharsets.US_ASCII);
    if (received.length < greeting.length
        || !Arrays.equals(received, 0, greeting.length, greeting, 0, greeting.length)) {
      throw new DelegateProtocolException(
          "answer of " + received.length + " bytes does not start with the greeting");
    }
    int start = greeting.length;
    int lf = -1;
    for (int i = start; i < Math.min(received.length, start + MAX_HEADER_BYTES); i++) {
      if (received[i] == '\n') {
        lf = i;
        break;
      }
    }
    if (lf < 0) {
      throw new DelegateProtocolException("answer has no complete header after the greeting");
    }
    String header = new String(received, start, lf - start, StandardCharsets.US_ASCII);
    String[] f = header.split(" ", -1);
    if (f.length != 3) {
      throw new DelegateProtocolException(
          "answer header \"" + DelegateRequest.printable(header) + "\" is not EXIT OUT ERR");
    }
    int exit = number(f[0], header);
    int out = number(f[1], header);
    int err = number(f[2], header);
    long expected = (long) lf + 1 + out + err;
    if (received.length != expected) {
      throw new DelegateProtocolException(
          "answer is "
              + received.length
              + " bytes, its header \""
              + header
              + "\" says "
              + expected);
    }
    try {
      return new DelegateAnswer(
          exit,
          Arrays.copyOfRange(received, lf + 1, lf + 1 + out),
          Arrays.copyOfRange(received, lf + 1 + out, received.length));
    } catch (IllegalArgumentException e) {
      throw new DelegateProtocolException("answer header \"" + header + "\": " + e.getMessage());
    }
  }

  private static int number(String s, String header) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new DelegateProtocolException(
          "answer header \""
              + DelegateRequest.printable(header)
              + "\" has a bad number \""
              + DelegateRequest.printable(s)
              + "\"");
    }
    return Integer.parseInt(s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DelegateAnswer a
        && exit == a.exit
        && Arrays.equals(stdout, a.stdout)
        && Arrays.equals(stderr, a.stderr);
  }

  @Override
  public int hashCode() {
    return (exit * 31 + Arrays.hashCode(stdout)) * 31 + Arrays.hashCode(stderr);
  }

  @Override
  public String toString() {
    return "DelegateAnswer[exit "
        + exit
        + ", stdout "
        + new String(stdout, StandardCharsets.UTF_8)
        + ", stderr "
        + new String(stderr, StandardCharsets.UTF_8)
        + "]";
  }
}
