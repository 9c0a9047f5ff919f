package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The speaker's YAML config: garbage and near-misses are rejected with the file named, nothing
 * else.
 */
class BgpConfigFileProperties {
  static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("gingham-bgp-config");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  static final String VALID =
      "as: 65001\nrouter-id: 192.0.2.1\nlisten: {address: 127.0.0.1, port: 1179}\n"
          + "peers:\n  - {address: 192.0.2.2, as: 65002, hold-time: 9, families: [ipv4-unicast]}\n"
          + "announce:\n  - {prefix: 10.1.0.0/16, communities: [\"65001:1\"], med: 5, as-path: \"65001 {1,2}\"}\n";

  @Provide
  Arbitrary<String> mutated() {
    return Arbitraries.integers()
        .between(0, VALID.length() - 1)
        .flatMap(
            at ->
                Arbitraries.chars()
                    .with(':', '{', '}', '[', ']', '-', '"', ' ', '\n', 'x', '9', '/', '.')
                    .map(c -> VALID.substring(0, at) + c + VALID.substring(at + 1)));
  }

  @Property(tries = 300)
  void randomTextIsRejectedNamingTheFile(@ForAll String text) throws IOException {
    check(text);
  }

  @Property(tries = 300)
  void mutatedConfigsAreReadOrRejectedNamingTheFile(@ForAll("mutated") String text)
      throws IOException {
    check(text);
  }

  @Provide
  Arbitrary<String> lineDropped() {
    String[] lines = VALID.split("\n");
    return Arbitraries.integers()
        .between(0, lines.length - 1)
        .map(
            drop -> {
              StringBuilder sb = new StringBuilder();
              for (int i = 0; i < lines.length; i++) {
                if (i != drop) {
                  sb.append(lines[i]).append('\n');
                }
              }
              return sb.toString();
            });
  }

  @Property(tries = 50)
  void configsMissingALineAreReadOrRejectedNamingTheFile(@ForAll("lineDropped") String text)
      throws IOException {
    check(text);
  }

  @Property(tries = 20)
  void nullsWhereValuesBelongAreRejected(@ForAll("nullable") String field) throws IOException {
    check(VALID.replace(field + ":", field + ": null\n  x" + field + ":"));
    check(VALID.replaceFirst(field + ": [^,}\n]*", field + ": null"));
  }

  @Provide
  Arbitrary<String> nullable() {
    return Arbitraries.of(
        "as",
        "router-id",
        "listen",
        "peers",
        "announce",
        "address",
        "prefix",
        "families",
        "communities");
  }

  @Property(tries = 5)
  void theValidConfigReads() throws IOException {
    Path file = Files.writeString(Files.createTempFile(dir, "speaker", ".yaml"), VALID);
    BgpConfigFile config = BgpConfigFile.read(file);
    assertThat(config.peerConfigs()).hasSize(1);
    assertThat(config.routes()).hasSize(1);
  }

  static void check(String text) throws IOException {
    Path file = Files.writeString(Files.createTempFile(dir, "speaker", ".yaml"), text);
    try {
      BgpConfigFile config = BgpConfigFile.read(file);
      assertThat(config.peerConfigs()).isNotNull();
      assertThat(config.routes()).isNotNull();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith(file.toString());
    }
  }
}
