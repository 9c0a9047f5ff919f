package dev.gingham.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Documents as YAML and JSON text, the same every time for the same documents: fields in the order
 * the trees hold them, strings quoted only where YAML would read them as something else.
 * Thread-safe: stateless.
 */
final class Formats {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** kubectl's layout: {@code "key": value}, every array element on its own line. */
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

  private Formats() {}

  /** Documents as a YAML stream, each starting with {@code ---}. */
  static String yaml(List<?> documents) {
    StringWriter out = new StringWriter();
    try (var w = YAML.writer().writeValues(out)) {
      for (Object d : documents) {
        w.write(d);
      }
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A document as indented JSON, ending with a newline. */
  static String json(Object document) {
    try {
      return JSON.writer(PRETTY).writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
