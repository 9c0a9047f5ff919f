package dev.gingham.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes JSON trees ({@link JsonNode}) and plain documents (maps, lists, strings,
 * numbers, booleans, null) with a streaming parser or generator, giving what databind's default
 * {@code ObjectMapper} gives for {@code readTree}, {@code readValue(…, Object.class)} and {@code
 * writeValueAs…}: the same node types and Java types (int, long or big integer by size; double for
 * fractions), the same order of fields, the last of repeated fields (unless the parser refuses
 * them), the same errors for missing and trailing content. Stateless and thread-safe; the parser's
 * factory decides its limits (nesting, sizes, duplicates).
 */
public final class StreamingTrees {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final JsonFactory PLAIN = new JsonFactory();

  private StreamingTrees() {}

  /**
   * Reads one value as {@code ObjectMapper.readTree} does: the missing node for no content; with
   * {@code failOnTrailingTokens}, an error for anything after the value (as {@code
   * DeserializationFeature.FAIL_ON_TRAILING_TOKENS}), else what follows is ignored. Does not close
   * the parser.
   *
   * @throws IOException as the parser throws, or a {@link MismatchedInputException} for trailing
   *     content
   */
  public static JsonNode readTree(JsonParser p, boolean failOnTrailingTokens) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      t = p.nextToken();
      if (t == null) {
        return NODES.missingNode();
      }
    }
    JsonNode root = node(p, t);
    if (failOnTrailingTokens) {
      JsonToken next = p.nextToken();
      if (next != null) {
        throw MismatchedInputException.from(
            p,
            JsonNode.class,
            String.format(
                "Trailing token (of type %s) found after value (bound as %s): not allowed as per"
                    + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
                next, "`" + JsonNode.class.getName() + "`"));
      }
    }
    return root;
  }

  /** The node starting at the current token {@code t}; iterative, so deep input costs no stack. */
  private static JsonNode node(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
      return scalarNode(p, t);
    }
    Deque<JsonNode> open = new ArrayDeque<>();
    Deque<String> names = new ArrayDeque<>();
    JsonNode root = t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
    open.push(root);
    while (true) {
      JsonNode top = open.peek();
      JsonToken n = p.nextToken();
      if (n == null) {
        throw MismatchedInputException.from(p, JsonNode.class, "Unexpected end-of-input");
      }
      if (n == JsonToken.END_OBJECT || n == JsonToken.END_ARRAY) {
        open.pop();
        if (open.isEmpty()) {
          return root;
        }
        continue;
      }
      String name = null;
      if (top.isObject()) {
        name = p.currentName();
        n = p.nextToken();
      }
      JsonNode child;
      if (n == JsonToken.START_OBJECT) {
        child = NODES.objectNode();
      } else if (n == JsonToken.START_ARRAY) {
        child = NODES.arrayNode();
      } else {
        child = scalarNode(p, n);
      }
      if (top.isObject()) {
        ((ObjectNode) top).replace(name, child);
      } else {
        ((ArrayNode) top).add(child);
      }
      if (child.isContainerNode()) {
        open.push(child);
      }
    }
  }

  private static JsonNode scalarNode(JsonParser p, @Nullable JsonToken t) throws IOException {
    if (t == null) {
      throw MismatchedInputException.from(p, JsonNode.class, "Unexpected end-of-input");
    }
    switch (t) {
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
          return NODES.numberNode(p.getDecimalValue());
        }
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw MismatchedInputException.from(
            p, JsonNode.class, "Unexpected token (" + t + ") for a JSON value");
    }
  }

  /** Writes a tree as {@code ObjectMapper.writeValue} does with default settings. */
  public static void writeTree(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT:
        g.writeStartObject();
        Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          g.writeFieldName(e.getKey());
          writeTree(g, e.getValue());
        }
        g.writeEndObject();
        return;
      case ARRAY:
        g.writeStartArray();
        for (JsonNode c : n) {
          writeTree(g, c);
        }
        g.writeEndArray();
        return;
      case STRING:
        g.writeString(n.textValue());
        return;
      case BOOLEAN:
        g.writeBoolean(n.booleanValue());
        return;
      case NULL:
      case MISSING:
        g.writeNull();
        return;
      case NUMBER:
        writeNumber(g, n.numberValue());
        return;
      default:
        throw new IllegalArgumentException(
            "cannot write a " + n.getNodeType() + " node: only JSON's own values are written");
    }
  }

  /** A tree as compact JSON text, as {@link JsonNode#toString()} gives it. */
  public static String toJson(JsonNode n) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = PLAIN.createGenerator(w)) {
      writeTree(g, n);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e); // no I/O happens
    }
    return w.toString();
  }

  /**
   * Reads one value as {@code ObjectMapper.readValue(…, Object.class)} does: objects as {@link
   * LinkedHashMap}, arrays as {@link ArrayList}, whole numbers as {@link Integer}, {@link Long} or
   * {@link BigInteger} by size, fractions as {@link Double}; what follows the value is ignored.
   *
   * @throws MismatchedInputException for no content; what the parser throws otherwise
   */
  public static @Nullable Object readValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      t = p.nextToken();
      if (t == null) {
        throw MismatchedInputException.from(
            p, Object.class, "No content to map due to end-of-input");
      }
    }
    return value(p, t);
  }

  private static @Nullable Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
            if (n == null) {
              throw MismatchedInputException.from(p, Object.class, "Unexpected end-of-input");
            }
            String name = p.currentName();
            m.put(name, value(p, p.nextToken()));
          }
          return m;
        }
      case START_ARRAY:
        {
          List<Object> l = new ArrayList<>();
          for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
            if (n == null) {
              throw MismatchedInputException.from(p, Object.class, "Unexpected end-of-input");
            }
            l.add(value(p, n));
          }
          return l;
        }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getNumberValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw MismatchedInputException.from(
            p, Object.class, "Unexpected token (" + t + ") for a JSON value");
    }
  }

  /**
   * Writes a plain document as {@code ObjectMapper.writeValue} does: maps (string keys), lists,
   * strings, numbers, booleans and null.
   *
   * @throws IllegalArgumentException for anything else, naming its type
   */
  public static void writeValue(JsonGenerator g, @Nullable Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Number n) {
      writeNumber(g, n);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        writeValue(g, o);
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException(
          "cannot write a "
              + v.getClass().getName()
              + " as JSON: documents hold maps, lists and"
              + " scalars");
    }
  }

  private static void writeNumber(JsonGenerator g, Number n) throws IOException {
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      g.writeNumber(n.intValue());
    } else if (n instanceof Long) {
      g.writeNumber(n.longValue());
    } else if (n instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (n instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (n instanceof Float f) {
      g.writeNumber(f.floatValue());
    } else {
      g.writeNumber(n.doubleValue());
    }
  }
}
