package dev.gingham.cni.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.ErrorCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The configuration reader whatever it is fed: random bytes, random text, one-character mutations
 * and truncations of a valid configuration, and unknown field names. It either reads a
 * configuration or throws {@link CniException} with one of the codes it documents; nothing else.
 * And it reads exactly what databind's {@code ObjectMapper} read before the reading streamed.
 */
class NetConfParserProperties {
  private static final Set<Integer> CODES =
      Set.of(
          ErrorCodes.INCOMPATIBLE_VERSION,
          ErrorCodes.UNSUPPORTED_FIELD,
          ErrorCodes.DECODING_FAILURE,
          ErrorCodes.INVALID_NETWORK_CONFIG,
          ErrorCodes.IO_FAILURE);

  static final String VALID =
      "{\"cniVersion\":\"1.0.0\",\"name\":\"net\",\"type\":\"gingham\",\"mtu\":1400,"
          + "\"nodename\":\"n1\",\"log_level\":\"debug\",\"datastore\":\"sqlite:/tmp/x.db\","
          + "\"ipam\":{\"type\":\"gingham-ipam\",\"assign_ipv4\":true,\"assign_ipv6\":\"true\","
          + "\"ipv4_pools\":[\"10.0.0.0/16\"],\"ipv6_pools\":[\"fd00::/48\"]},"
          + "\"dns\":{\"nameservers\":[\"10.0.0.10\"],\"search\":[\"svc\"]},"
          + "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\","
          + "\"sandbox\":\"/run/netns/x\"}],\"ips\":[{\"address\":\"10.0.0.5/32\",\"interface\":0}],"
          + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"169.254.1.1\"}]},"
          + "\"cni.dev/valid-attachments\":[{\"containerID\":\"c\",\"ifname\":\"eth0\"}]}";

  @Property
  void theValidConfigurationReadsInBothModes() {
    for (NetConfParser.Mode mode : NetConfParser.Mode.values()) {
      NetConf c = NetConfParser.parse(VALID.getBytes(StandardCharsets.UTF_8), mode);
      assertThat(c.name()).isEqualTo("net");
      assertThat(c.ipam().ipv6Pools()).containsExactly("fd00::/48");
      assertThat(c.prevResult()).isNotNull();
      assertThat(c.validAttachments()).hasSize(1);
    }
  }

  @Property(tries = 1000)
  void randomBytesReadOrFailWithADocumentedCode(
      @ForAll byte[] bytes, @ForAll NetConfParser.Mode mode) {
    readsOrFailsCleanly(bytes, mode);
    readsAsDatabind(bytes, mode);
  }

  @Property(tries = 1000)
  void mutationsOfAValidConfigurationReadOrFailWithADocumentedCode(
      @ForAll @IntRange(min = 0, max = 2000) int at,
      @ForAll char replacement,
      @ForAll NetConfParser.Mode mode) {
    readsOrFailsCleanly(mutated(at, replacement), mode);
  }

  @Property(tries = 500)
  void truncationsFailWithADocumentedCode(@ForAll @IntRange(min = 0, max = 2000) int at) {
    int i = at % VALID.length();
    byte[] cut = VALID.substring(0, i).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> NetConfParser.parse(cut, NetConfParser.Mode.PLUGIN))
        .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isIn(CODES));
  }

  @Property(tries = 300)
  void anUnknownTopLevelFieldIsCode2NamingIt(@ForAll("fieldNames") String field) {
    Assume.that(!VALID.contains("\"" + field + "\""));
    String json = "{\"" + field + "\":1," + VALID.substring(1);
    assertThatThrownBy(
            () ->
                NetConfParser.parse(
                    json.getBytes(StandardCharsets.UTF_8), NetConfParser.Mode.PLUGIN))
        .isInstanceOfSatisfying(
            CniException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCodes.UNSUPPORTED_FIELD);
              assertThat(e.getMessage()).contains("\"" + field + "\"");
            });
    // The IPAM plugin reads its parent's configuration, whose fields are the parent's.
    assertThat(
            NetConfParser.parse(json.getBytes(StandardCharsets.UTF_8), NetConfParser.Mode.IPAM)
                .name())
        .isEqualTo("net");
  }

  @Property(tries = 300)
  void anUnknownIpamFieldIsCode2InBothModes(
      @ForAll("fieldNames") String field, @ForAll NetConfParser.Mode mode) {
    Assume.that(
        !Set.of(
                "type",
                "assign_ipv4",
                "assign_ipv6",
                "ipv4_pools",
                "ipv6_pools",
                "datastore",
                "nodename")
            .contains(field));
    String json = VALID.replace("\"ipam\":{", "\"ipam\":{\"" + field + "\":0,");
    assertThatThrownBy(() -> NetConfParser.parse(json.getBytes(StandardCharsets.UTF_8), mode))
        .isInstanceOfSatisfying(
            CniException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCodes.UNSUPPORTED_FIELD);
              assertThat(e.getMessage()).contains("ipam." + field);
            });
  }

  /**
   * The parser reads its input as databind's {@code ObjectMapper.readTree} did before it streamed
   * (strict about duplicates and trailing content): where that reading fails, the parser fails with
   * code 6 and the same message; where it gives a tree, the parser works on an equal one.
   */
  @Property(tries = 1000)
  void changedConfigurationsAreReadAsDatabindReadsThem(
      @ForAll @IntRange(min = 0, max = 2000) int at,
      @ForAll char replacement,
      @ForAll("tails") String tail,
      @ForAll NetConfParser.Mode mode) {
    readsAsDatabind(mutated(at, replacement), mode);
    readsAsDatabind((VALID + tail).getBytes(StandardCharsets.UTF_8), mode);
    int i = at % VALID.length();
    readsAsDatabind(VALID.substring(0, i).getBytes(StandardCharsets.UTF_8), mode);
  }

  private static final ObjectMapper DATABIND =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static void readsAsDatabind(byte[] bytes, NetConfParser.Mode mode) {
    JsonNode expected = null;
    String error = null;
    try {
      expected = DATABIND.readTree(bytes);
    } catch (JsonProcessingException e) {
      error = "error decoding network config: " + e.getOriginalMessage();
    } catch (IOException e) {
      throw new AssertionError("reading memory cannot fail", e);
    }
    NetConf c;
    try {
      c = NetConfParser.parse(bytes, mode);
    } catch (CniException e) {
      if (error != null) {
        assertThat(e.code()).isEqualTo(ErrorCodes.DECODING_FAILURE);
        assertThat(e.getMessage()).isEqualTo(error);
      } else if (expected == null || !expected.isObject()) {
        assertThat(e.getMessage()).startsWith("error decoding network config: expected a JSON");
      } else {
        // A tree that reads but does not validate: the validation is the same code on equal trees.
        assertThat(e.getMessage()).doesNotStartWith("error decoding network config");
      }
      return;
    }
    assertThat(error).isNull();
    assertThat(c.raw()).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> tails() {
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "\n", " {}", "]", "x", "{\"a\":1}", "/* c */", "1"),
        Arbitraries.strings().ofMaxLength(5));
  }

  /** {@link #VALID} with the character at {@code at} (modulo its length) replaced. */
  static byte[] mutated(int at, char replacement) {
    int i = at % VALID.length();
    return (VALID.substring(0, i) + replacement + VALID.substring(i + 1))
        .getBytes(StandardCharsets.UTF_8);
  }

  @Provide
  Arbitrary<String> fieldNames() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('_', '-', '.')
        .ofMinLength(1)
        .ofMaxLength(20);
  }

  private static void readsOrFailsCleanly(byte[] bytes, NetConfParser.Mode mode) {
    try {
      NetConf c = NetConfParser.parse(bytes, mode);
      assertThat(c.name()).isNotEmpty();
    } catch (CniException e) {
      assertThat(e.code()).as(e.getMessage()).isIn(CODES);
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
