package dev.gingham.cni.delegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.cni.plugin.PluginKind;
import dev.gingham.cni.plugin.SharedBackend;
import dev.gingham.cni.spec.ErrorCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The delegate frames: requests and answers round-trip, and anything else (random bytes, cut or
 * mutated frames) is either a well-formed frame or a {@link DelegateProtocolException}, never
 * another exception. The service answers every frame, garbage included, with an exit status and,
 * when the run fails, CNI error JSON on stdout.
 */
class DelegateCodecProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  // In memory: garbage never gets as far as a store, and nothing here may touch the host's.
  private static final SharedBackend BACKEND = SharedBackend.create("memory:");
  private static final DelegateService SERVICE = new DelegateService(BACKEND);

  @AfterContainer
  static void closeBackend() {
    BACKEND.close();
  }

  @Provide
  Arbitrary<DelegateRequest> requests() {
    Arbitrary<String> keys =
        Arbitraries.strings()
            .withCharRange('A', 'Z')
            .withChars('_', '0', '9')
            .ofMinLength(1)
            .ofMaxLength(20);
    Arbitrary<String> values =
        Arbitraries.strings()
            .all()
            .excludeChars('\0')
            .ofMaxLength(40)
            .filter(v -> v.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF));
    Arbitrary<Map<String, String>> env = Arbitraries.maps(keys, values).ofMaxSize(12);
    Arbitrary<byte[]> stdin = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    return Combinators.combine(Arbitraries.of(PluginKind.class), env, stdin)
        .as(DelegateRequest::of);
  }

  @Provide
  Arbitrary<DelegateAnswer> answers() {
    Arbitrary<byte[]> part = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Combinators.combine(Arbitraries.integers().between(0, 255), part, part)
        .as(DelegateAnswer::new);
  }

  @Property(tries = 500)
  void aRequestRoundTrips(@ForAll("requests") DelegateRequest r) {
    DelegateRequest back = DelegateRequest.decode(r.encode());
    assertThat(back).isEqualTo(r);
    assertThat(back.env()).containsExactlyEntriesOf(r.env());
  }

  @Property(tries = 500)
  void anAnswerRoundTripsAfterTheGreeting(@ForAll("answers") DelegateAnswer a) {
    assertThat(DelegateAnswer.decode(withGreeting(a.encode()))).isEqualTo(a);
  }

  @Property(tries = 500)
  void anAnswerCutShortOrRunOnIsRejected(
      @ForAll("answers") DelegateAnswer a, @ForAll @IntRange(min = 1, max = 50) int n) {
    byte[] whole = withGreeting(a.encode());
    byte[] cut = Arrays.copyOf(whole, Math.max(0, whole.length - n));
    byte[] longer = Arrays.copyOf(whole, whole.length + n);
    assertThatThrownBy(() -> DelegateAnswer.decode(cut))
        .isInstanceOf(DelegateProtocolException.class);
    assertThatThrownBy(() -> DelegateAnswer.decode(longer))
        .isInstanceOf(DelegateProtocolException.class)
        .hasMessageContaining("says");
  }

  @Property(tries = 1000)
  void randomBytesAreAFrameOrAProtocolError(@ForAll byte[] garbage) {
    decodesOrRejects(garbage);
    try {
      DelegateAnswer.decode(garbage);
    } catch (DelegateProtocolException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 500)
  void mutatedRequestsAreAFrameOrAProtocolError(
      @ForAll("requests") DelegateRequest r,
      @ForAll @IntRange(min = 0, max = 10_000) int at,
      @ForAll byte value) {
    byte[] frame = r.encode();
    frame[at % frame.length] = value;
    decodesOrRejects(frame);
    decodesOrRejects(Arrays.copyOf(frame, at % frame.length));
  }

  @Property(tries = 300)
  void theServiceAnswersGarbageWithCniErrorJson(@ForAll byte[] garbage) throws IOException {
    DelegateAnswer a = SERVICE.answer(garbage);
    assertThat(a.exit()).isEqualTo(1);
    JsonNode error = JSON.readTree(a.stdout());
    assertThat(error.get("code").asInt()).isPositive();
    assertThat(error.get("msg").asText()).isNotBlank();
    assertThat(error.get("cniVersion").asText()).isNotBlank();
  }

  @Property(tries = 200)
  void theServiceAnswersAPluginRequestWithGarbageStdinWithThePluginsError(@ForAll byte[] stdin)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", "ADD");
    env.put("CNI_CONTAINERID", "c1");
    env.put("CNI_NETNS", "/run/netns/none");
    env.put("CNI_IFNAME", "eth0");
    env.put("CNI_PATH", "/usr/lib/cni");
    DelegateAnswer a = SERVICE.answer(DelegateRequest.of(PluginKind.GINGHAM, env, stdin).encode());
    assertThat(a.exit()).as(a.toString()).isEqualTo(1);
    int code = JSON.readTree(a.stdout()).get("code").asInt();
    assertThat(code)
        .as(a.toString())
        .isIn(
            ErrorCodes.DECODING_FAILURE,
            ErrorCodes.INVALID_NETWORK_CONFIG,
            ErrorCodes.UNSUPPORTED_FIELD,
            ErrorCodes.INCOMPATIBLE_VERSION);
  }

  @Example
  void aRequestNamesWhatIsWrong() {
    assertThat(rejection("kubelet\n\0{}")).contains("unknown plugin \"kubelet\"");
    assertThat(rejection("gingham\nCNI_COMMAND=ADD\0{}")).contains("no end");
    assertThat(rejection("gingham\n=x\0\0")).contains("\"=x\" is not KEY=VALUE");
    assertThat(rejection("gingham\nA=1\0A=2\0\0")).contains("A given twice");
    assertThat(rejection("gingham")).contains("plugin name");
    DelegateAnswer tooLarge = DelegateService.refusal("bad delegate request: larger than 9 bytes");
    assertThat(new String(tooLarge.stdout(), StandardCharsets.UTF_8))
        .contains("\"code\":6")
        .contains("larger than 9 bytes");
  }

  @Example
  void theServiceRunsVersionInProcess() throws IOException {
    DelegateAnswer a =
        SERVICE.answer(
            DelegateRequest.of(
                    PluginKind.GINGHAM_IPAM, Map.of("CNI_COMMAND", "VERSION"), new byte[0])
                .encode());
    assertThat(a.exit()).as(a.toString()).isZero();
    assertThat(JSON.readTree(a.stdout()).get("supportedVersions").toString())
        .contains("0.3.0")
        .contains("1.1.0");
  }

  private static String rejection(String frame) {
    try {
      DelegateRequest.decode(frame.getBytes(StandardCharsets.UTF_8));
    } catch (DelegateProtocolException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted " + frame);
  }

  private static void decodesOrRejects(byte[] frame) {
    try {
      DelegateRequest r = DelegateRequest.decode(frame);
      assertThat(DelegateRequest.decode(r.encode())).isEqualTo(r);
    } catch (DelegateProtocolException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static byte[] withGreeting(byte[] answer) {
    byte[] g = DelegateAnswer.GREETING.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(g, g.length + answer.length);
    System.arraycopy(answer, 0, all, g.length, answer.length);
    return all;
  }
}
