package dev.gingham.internal.ipam.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.Slot;
import dev.gingham.ipam.Attributes;
import dev.gingham.net.IpPrefix;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Block} as JSON, written and read with Jackson's streaming API: blocks are the records
 * written on every assignment and release, so neither direction builds a tree.
 *
 * <pre>
 * {
 *   "cidr": "10.65.0.0/26",           the block
 *   "affinity": "node-1",             the host it is affine to, or null
 *   "sequence": 1712345678000017,     one more with every change
 *   "emptySince": 1712345678000,      epoch ms it last became empty; 0 while in use
 *   "free": [5, 6, 7, ..., 63, 2],    the free FIFO, head first: released ordinals join the tail
 *   "allocations": {                  the ordinal table: the assigned ordinals
 *     "0": {"handle": "k8s-pod-network.abc", "sequence": 1712345678000012,
 *           "attributes": {"pod": "web-1", "namespace": "prod"}}
 *   },
 *   "releasedAt": {"2": 1712345678000} release times still within the IP cooldown, if any
 * }
 * </pre>
 */
public final class BlockCodec {
  private static final String[] ORDINALS = new String[Block.MAX_SIZE];

  static {
    for (int i = 0; i < ORDINALS.length; i++) {
      ORDINALS[i] = Integer.toString(i);
    }
  }

  private BlockCodec() {}

  /** The block as JSON. */
  public static byte[] encode(Block block) {
    return Json.write(g -> write(g, block));
  }

  private static void write(JsonGenerator g, Block b) throws IOException {
    g.writeStartObject();
    g.writeStringField("cidr", CidrText.of(b.cidr()));
    if (b.affinity() == null) {
      g.writeNullField("affinity");
    } else {
      g.writeStringField("affinity", b.affinity());
    }
    g.writeNumberField("sequence", b.sequence());
    g.writeNumberField("emptySince", b.emptySince());
    g.writeFieldName("free");
    g.writeArray(b.freeShared(), 0, b.freeCount());
    g.writeObjectFieldStart("allocations");
    for (int ordinal = 0; ordinal < b.size(); ordinal++) {
      Slot slot = b.slot(ordinal);
      if (slot == null) {
        continue;
      }
      g.writeObjectFieldStart(ORDINALS[ordinal]);
      g.writeStringField("handle", slot.handle());
      g.writeNumberField("sequence", slot.sequence());
      if (!slot.attributes().isEmpty()) {
        g.writeObjectFieldStart("attributes");
        for (Map.Entry<String, String> e : slot.attributes().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    if (b.hasReleaseTimes()) {
      g.writeObjectFieldStart("releasedAt");
      for (int ordinal = 0; ordinal < b.size(); ordinal++) {
        long at = b.releasedAt(ordinal);
        if (at != 0) {
          g.writeNumberField(ORDINALS[ordinal], at);
        }
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * Reads a block.
   *
   * @throws MalformedRecordException if the bytes are not a block, or a consistent one; the message
   *     says what is wrong
   */
  public static Block decode(InputStream in) {
    try (JsonParser p = Json.FACTORY.createParser(in)) {
      return read(p);
    } catch (JacksonException e) {
      throw new MalformedRecordException("block is not valid JSON: " + Json.message(e), e);
    } catch (IOException e) {
      throw new MalformedRecordException("block could not be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException("block is inconsistent: " + e.getMessage(), e);
    }
  }

  private static Block read(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "a block");
    IpPrefix cidr = null;
    String affinity = null;
    Long sequence = null;
    long emptySince = 0;
    int[] free = null;
    List<Entry> allocations = null;
    List<long[]> released = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "cidr":
          cidr = Json.prefix(text(p, value, "cidr"), "block cidr");
          break;
        case "affinity":
          affinity = value == JsonToken.VALUE_NULL ? null : text(p, value, "affinity");
          break;
        case "sequence":
          sequence = number(p, value, "sequence");
          break;
        case "emptySince":
          emptySince = number(p, value, "emptySince");
          break;
        case "free":
          free = ordinals(p, value);
          break;
        case "allocations":
          allocations = allocations(p, value);
          break;
        case "releasedAt":
          expect(value, JsonToken.START_OBJECT, "\"releasedAt\"");
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            int ordinal = ordinal(p.currentName());
            released.add(new long[] {ordinal, number(p, p.nextToken(), "releasedAt")});
          }
          break;
        default:
          p.skipChildren(); // a field from a later version
      }
    }
    expect(p.currentToken(), JsonToken.END_OBJECT, "the end of the block");
    if (p.nextToken() != null) {
      throw new MalformedRecordException("block has data after its closing brace");
    }
    if (cidr == null || sequence == null || free == null || allocations == null) {
      throw new MalformedRecordException(
          "block lacks "
              + (cidr == null
                  ? "\"cidr\""
                  : sequence == null
                      ? "\"sequence\""
                      : free == null ? "\"free\"" : "\"allocations\""));
    }
    int size = Block.sizeOf(cidr);
    Slot[] slots = new Slot[size];
    for (Entry e : allocations) {
      checkOrdinal(e.ordinal, size, cidr);
      if (slots[e.ordinal] != null) {
        throw new MalformedRecordException(
            "block " + cidr + " assigns ordinal " + e.ordinal + " twice");
      }
      slots[e.ordinal] = e.slot;
    }
    long[] releasedAt = released.isEmpty() ? new long[0] : new long[size];
    for (long[] r : released) {
      checkOrdinal((int) r[0], size, cidr);
      releasedAt[(int) r[0]] = r[1];
    }
    return Block.of(cidr, affinity, sequence, emptySince, free, slots, releasedAt);
  }

  private static List<Entry> allocations(JsonParser p, JsonToken value) throws IOException {
    expect(value, JsonToken.START_OBJECT, "\"allocations\"");
    List<Entry> entries = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      int ordinal = ordinal(p.currentName());
      expect(p.nextToken(), JsonToken.START_OBJECT, "allocation " + ordinal);
      String handle = null;
      Long sequence = null;
      Map<String, String> attributes = Map.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "handle":
            handle = text(p, v, "handle of allocation " + ordinal);
            break;
          case "sequence":
            sequence = number(p, v, "sequence of allocation " + ordinal);
            break;
          case "attributes":
            attributes = attributes(p, v, ordinal);
            break;
          default:
            p.skipChildren();
        }
      }
      if (handle == null || sequence == null) {
        throw new MalformedRecordException(
            "allocation " + ordinal + " lacks " + (handle == null ? "\"handle\"" : "\"sequence\""));
      }
      entries.add(new Entry(ordinal, new Slot(handle, attributes, sequence)));
    }
    return entries;
  }

  private static Map<String, String> attributes(JsonParser p, JsonToken value, int ordinal)
      throws IOException {
    expect(value, JsonToken.START_OBJECT, "attributes of allocation " + ordinal);
    TreeMap<String, String> map = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      map.put(key, text(p, p.nextToken(), "attribute '" + key + "' of allocation " + ordinal));
    }
    return Attributes.copyOf("attributes of allocation " + ordinal, map);
  }

  private static int[] ordinals(JsonParser p, JsonToken value) throws IOException {
    expect(value, JsonToken.START_ARRAY, "\"free\"");
    int[] out = new int[64];
    int n = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        throw new MalformedRecordException("\"free\" must hold whole numbers, found " + t);
      }
      if (n == Block.MAX_SIZE) {
        throw new MalformedRecordException(
            "\"free\" holds more than " + Block.MAX_SIZE + " ordinals");
      }
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, n * 2);
      }
      out[n++] = p.getIntValue();
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static int ordinal(String name) {
    if (name.isEmpty() || name.length() > 4 || (name.length() > 1 && name.charAt(0) == '0')) {
      throw new MalformedRecordException("'" + name + "' is not an ordinal");
    }
    int n = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        throw new MalformedRecordException("'" + name + "' is not an ordinal");
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static void checkOrdinal(int ordinal, int size, IpPrefix cidr) {
    if (ordinal >= size) {
      throw new MalformedRecordException(
          "ordinal " + ordinal + " is not in block " + cidr + " of " + size + " addresses");
    }
  }

  private static String text(JsonParser p, @Nullable JsonToken t, String what) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new MalformedRecordException(what + " must be a string, found " + t);
    }
    return p.getText();
  }

  private static long number(JsonParser p, @Nullable JsonToken t, String what) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new MalformedRecordException(what + " must be a whole number, found " + t);
    }
    long n = p.getLongValue();
    if (n < 0) {
      throw new MalformedRecordException(what + " must not be negative, was " + n);
    }
    return n;
  }

  private static void expect(JsonParser p, JsonToken expected, String what) throws IOException {
    expect(p.nextToken(), expected, what);
  }

  private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) {
    if (actual != expected) {
      throw new MalformedRecordException(
          "expected "
              + what
              + " ("
              + expected
              + "), found "
              + (actual == null ? "the end" : actual));
    }
  }

  private record Entry(int ordinal, Slot slot) {}
}
