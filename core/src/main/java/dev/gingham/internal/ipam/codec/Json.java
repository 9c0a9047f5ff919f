package dev.gingham.internal.ipam.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.gingham.internal.json.StreamingTrees;
import dev.gingham.net.IpPrefix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The Jackson setup every codec shares, with the helpers that keep decoders strict: each says what
 * is wrong in a {@link MalformedRecordException}.
 */
final class Json {
  /** Strict about duplicates, lenient about nothing else; records nest at most a few levels. */
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
          .build();

  private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

  private Json() {}

  /** Writes one JSON value. */
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /** Encodes with a generator into a buffer reused by the thread, and returns the exact bytes. */
  static byte[] write(Writer writer) {
    Output out = OUTPUT.get();
    out.length = 0;
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      writer.write(g);
    } catch (IOException e) {
      throw new IllegalStateException("encoding to memory failed", e); // no I/O happens
    }
    return Arrays.copyOf(out.buffer, out.length);
  }

  /** Reads a whole record as a JSON object. */
  static JsonNode readObject(InputStream in, String what) {
    JsonNode root;
    // Streaming into a tree as ObjectMapper.readTree would: no ObjectMapper is built on the
    // start-up path of a short-lived process (a CNI plugin).
    try (JsonParser p = FACTORY.createParser(in)) {
      root = StreamingTrees.readTree(p, false);
    } catch (IOException e) {
      throw new MalformedRecordException(what + " is not JSON: " + message(e), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new MalformedRecordException(what + " is empty");
    }
    if (!root.isObject()) {
      throw new MalformedRecordException(
          what + " must be a JSON object, is " + describe(root.getNodeType()));
    }
    return root;
  }

  /** A required string field. */
  static String string(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedRecordException(what + " has no \"" + field + "\"");
    }
    if (!value.isTextual()) {
      throw new MalformedRecordException(
          what + ": \"" + field + "\" must be a string, is " + describe(value.getNodeType()));
    }
    return value.textValue();
  }

  /** An optional string field, or null when absent or null. */
  static @Nullable String optionalString(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return string(node, field, what);
  }

  /** An optional boolean field. */
  static boolean bool(JsonNode node, String field, boolean otherwise, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isBoolean()) {
      throw new MalformedRecordException(
          what + ": \"" + field + "\" must be true or false, is " + describe(value.getNodeType()));
    }
    return value.booleanValue();
  }

  /** An optional integral field within a range. */
  static long integer(
      JsonNode node, String field, long otherwise, long min, long max, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new MalformedRecordException(
          what + ": \"" + field + "\" must be a whole number, is " + value);
    }
    long n = value.longValue();
    if (n < min || n > max) {
      throw new MalformedRecordException(
          what + ": \"" + field + "\" must be from " + min + " to " + max + ", is " + n);
    }
    return n;
  }

  /** A CIDR in canonical or host-bit-free form. */
  static IpPrefix prefix(String text, String what) {
    try {
      return IpPrefix.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException(what + ": " + e.getMessage(), e);
    }
  }

  /** A JSON object of strings, as a sorted map. */
  static Map<String, String> stringMap(@Nullable JsonNode node, String field, String what) {
    TreeMap<String, String> map = new TreeMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw new MalformedRecordException(
          what + ": \"" + field + "\" must be an object, is " + describe(node.getNodeType()));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!e.getValue().isTextual()) {
        throw new MalformedRecordException(
            what + ": \"" + field + "\"." + e.getKey() + " must be a string");
      }
      map.put(e.getKey(), e.getValue().textValue());
    }
    return map;
  }

  static String describe(JsonNodeType type) {
    return type.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Jackson's message without the location dump that follows it. */
  static String message(Exception e) {
    if (e instanceof com.fasterxml.jackson.core.JacksonException) {
      String original = ((com.fasterxml.jackson.core.JacksonException) e).getOriginalMessage();
      if (original != null) {
        return original;
      }
    }
    return String.valueOf(e.getMessage());
  }

  /** A growable byte buffer, reused by one thread; never shrinks. */
  private static final class Output extends OutputStream {
    byte[] buffer = new byte[4096];
    int length;

    @Override
    public void write(int b) {
      ensure(1);
      buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buffer, length, len);
      length += len;
    }

    private void ensure(int more) {
      if (length + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
      }
    }
  }
}
