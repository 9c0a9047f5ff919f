package dev.gingham.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/**
 * The streaming reader and writer give exactly what databind's default {@code ObjectMapper} gives:
 * the same trees, the same plain documents, the same bytes, and for anything that does not decode
 * (random bytes, mutations and truncations of documents, trailing content) the same error.
 */
class StreamingTreesProperties {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper STRICT =
      new ObjectMapper(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonFactory PLAIN = new JsonFactory();

  @Property(tries = 500)
  void documentsWriteAsTheMapperWritesThem(@ForAll("documents") @Nullable Object doc)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = PLAIN.createGenerator(out, JsonEncoding.UTF8)) {
      StreamingTrees.writeValue(g, doc);
    }
    assertThat(out.toByteArray()).isEqualTo(MAPPER.writeValueAsBytes(doc));
  }

  @Property(tries = 500)
  void documentsAndTreesReadAsTheMapperReadsThem(@ForAll("documents") @Nullable Object doc)
      throws IOException {
    byte[] json = MAPPER.writeValueAsBytes(doc);
    Object plain;
    try (JsonParser p = PLAIN.createParser(json)) {
      plain = StreamingTrees.readValue(p);
    }
    assertThat(plain).isEqualTo(MAPPER.readValue(json, Object.class));
    JsonNode tree = tree(PLAIN, json, false);
    JsonNode expected = MAPPER.readTree(json);
    assertThat(tree).isEqualTo(expected);
    assertThat(StreamingTrees.toJson(tree)).isEqualTo(expected.toString());
    StringWriter w = new StringWriter();
    try (JsonGenerator g = PLAIN.createGenerator(w)) {
      StreamingTrees.writeTree(g, tree);
    }
    assertThat(w.toString()).isEqualTo(MAPPER.writeValueAsString(expected));
  }

  @Property(tries = 1000)
  void randomBytesDecodeOrFailAsWithTheMapper(@ForAll byte[] bytes) {
    agrees(bytes);
  }

  @Property(tries = 1000)
  void mutatedAndTruncatedDocumentsDecodeOrFailAsWithTheMapper(
      @ForAll("documents") @Nullable Object doc,
      @ForAll @IntRange(min = 0, max = 4000) int at,
      @ForAll("jsonish") char c,
      @ForAll boolean truncate)
      throws JsonProcessingException {
    String text = MAPPER.writeValueAsString(doc) + (at % 7 == 0 ? " {\"x\": 1}" : "");
    int i = at % (text.length() + 1);
    String changed =
        truncate
            ? text.substring(0, i)
            : text.substring(0, i) + c + (i < text.length() ? text.substring(i + 1) : "");
    agrees(changed.getBytes(StandardCharsets.UTF_8));
  }

  /** Both readers, in both setups (lenient, and strict about duplicates and trailing content). */
  private static void agrees(byte[] bytes) {
    sameOutcome(() -> MAPPER.readTree(bytes), () -> tree(PLAIN, bytes, false));
    sameOutcome(() -> STRICT.readTree(bytes), () -> tree(STRICT.getFactory(), bytes, true));
    sameOutcome(
        () -> MAPPER.readValue(bytes, Object.class),
        () -> {
          try (JsonParser p = PLAIN.createParser(bytes)) {
            return StreamingTrees.readValue(p);
          }
        });
  }

  private interface Read {
    @Nullable Object read() throws IOException;
  }

  private static void sameOutcome(Read reference, Read ours) {
    List<@Nullable Object> expected = outcome(reference);
    List<@Nullable Object> actual = outcome(ours);
    assertThat(actual.get(1)).as("the error").isEqualTo(expected.get(1));
    assertThat(actual.get(0)).as("the value").isEqualTo(expected.get(0));
  }

  /** The value read and null, or null and the error. */
  private static List<@Nullable Object> outcome(Read r) {
    try {
      return Arrays.asList(r.read(), null);
    } catch (IOException e) {
      return Arrays.asList(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static JsonNode tree(JsonFactory f, byte[] json, boolean failOnTrailing)
      throws IOException {
    try (JsonParser p = f.createParser(json)) {
      return StreamingTrees.readTree(p, failOnTrailing);
    }
  }

  @Provide
  Arbitrary<Character> jsonish() {
    return Arbitraries.oneOf(
        Arbitraries.of('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '-', '.', 'e', '0', '9', 'n'),
        Arbitraries.chars());
  }

  @Provide
  Arbitrary<Object> documents() {
    return value(4);
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> scalars =
        Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.bigIntegers()
                    .between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70))
                    .map(b -> (Object) b),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b))
            .injectNull(0.05);
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<Object> lists = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) l);
    Arbitrary<Object> maps =
        Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), value(depth - 1))
            .ofMaxSize(4)
            .map(m -> (Object) new java.util.LinkedHashMap<String, Object>(m));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, scalars),
        net.jqwik.api.Tuple.of(1, lists),
        net.jqwik.api.Tuple.of(1, maps));
  }
}
