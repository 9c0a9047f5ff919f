package dev.gingham.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.internal.json.StreamingTrees;
import java.io.IOException;

/**
 * JSON trees read and written with jackson-core's streaming parser and generator alone, exactly as
 * databind's default {@code ObjectMapper} reads and writes them, for programs that live too briefly
 * to repay building an {@code ObjectMapper} (a CNI plugin runs one JVM per call). Stateless and
 * thread-safe.
 */
public final class JsonTrees {
  private JsonTrees() {}

  /**
   * Reads one value as {@code ObjectMapper.readTree} does (the missing node for no content).
   *
   * @param failOnTrailingTokens refuse content after the value, as {@code
   *     DeserializationFeature.FAIL_ON_TRAILING_TOKENS} does; else it is ignored
   * @throws IOException what the parser throws, with its message, or a {@code
   *     MismatchedInputException} for trailing content
   */
  public static JsonNode read(JsonParser parser, boolean failOnTrailingTokens) throws IOException {
    return StreamingTrees.readTree(parser, failOnTrailingTokens);
  }

  /** Writes a tree as {@code ObjectMapper.writeValue} does with default settings. */
  public static void write(JsonGenerator generator, JsonNode tree) throws IOException {
    StreamingTrees.writeTree(generator, tree);
  }

  /** A tree as compact JSON text, as {@link JsonNode#toString()} gives it. */
  public static String toJson(JsonNode tree) {
    return StreamingTrees.toJson(tree);
  }
}
