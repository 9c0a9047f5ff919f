package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The document reader and writer: what {@link Formats} writes, {@link Documents} reads back to
 * equal trees (strings that look like numbers, booleans, selectors, times and YAML syntax
 * included), and any text gives documents or a {@link CliException} for a validation error that
 * names the file.
 */
class DocumentsProperties {
  private static final String[] TRICKY = {
    "",
    "true",
    "no",
    "null",
    "~",
    "123",
    "0x1F",
    "1e3",
    "65000:100",
    "8000:8080",
    "10.0.0.0/8",
    "app == 'web'",
    "!has(x)",
    "a: b",
    "- item",
    "# not a comment",
    "key: {x}",
    "[1, 2]",
    "*alias",
    "&anchor",
    "2024-05-01T12:00:00Z",
    "fd00::1",
    "multi\nline",
    " leading",
    "trailing ",
    "'quoted'",
    "\"double\"",
    "tab\there",
    "unicode ü ✓",
    "{}",
    "%directive",
    "@at",
    "`tick`",
    "|",
    ">"
  };

  @Property(tries = 2000)
  @Label("documents written as YAML read back equal")
  void roundTrip(@ForAll long seed) {
    Random r = new Random(seed);
    List<Object> docs = new ArrayList<>();
    for (int i = 0; i <= r.nextInt(3); i++) {
      docs.add(map(r, 0));
    }
    String text = Formats.yaml(docs);
    List<Documents.Document> read = Documents.parse(text, "x.yaml");
    assertThat(read).extracting(Documents.Document::tree).containsExactlyElementsOf(docs);
  }

  @Property(tries = 3000)
  @Label("any text gives documents or a validation error naming the file")
  void garbage(@ForAll String text) {
    check(text);
  }

  @Property(tries = 2000)
  @Label("mutated YAML gives documents or a validation error naming the file")
  void mutatedYaml(@ForAll long seed) {
    Random r = new Random(seed);
    StringBuilder text = new StringBuilder(Formats.yaml(List.of(map(r, 0), map(r, 0))));
    for (int i = 0; i < 1 + r.nextInt(4); i++) {
      int at = r.nextInt(text.length() + 1);
      String junk =
          new String[] {
                ":", "- ", "{", "]", "\n", "  ", "&a", "*a", "---\n", "\"", "'", "\t", "!!binary "
              }
              [r.nextInt(13)];
      if (r.nextBoolean() && text.length() > 0) {
        text.deleteCharAt(Math.min(at, text.length() - 1));
      } else {
        text.insert(at, junk);
      }
    }
    check(text.toString());
  }

  private static void check(String text) {
    try {
      Documents.parse(text, "garbage.yaml");
      Statistics.collect("accepted");
    } catch (CliException e) {
      Statistics.collect("rejected");
      assertThat(e.exitCode()).isEqualTo(ExitCodes.VALIDATION);
      assertThat(e.getMessage()).startsWith("garbage.yaml: ");
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }

  private static Map<String, Object> map(Random r, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < r.nextInt(5); i++) {
      m.put(TRICKY[r.nextInt(TRICKY.length)] + i, value(r, depth + 1));
    }
    return m;
  }

  private static Object value(Random r, int depth) {
    switch (depth > 3 ? 2 + r.nextInt(4) : r.nextInt(6)) {
      case 0:
        return map(r, depth);
      case 1:
        {
          List<Object> l = new ArrayList<>();
          for (int i = 0; i < r.nextInt(4); i++) {
            l.add(value(r, depth + 1));
          }
          return l;
        }
      case 2:
        return TRICKY[r.nextInt(TRICKY.length)];
      case 3:
        return r.nextInt();
      case 4:
        return r.nextBoolean();
      default:
        return (long) r.nextInt() * 1_000_003L;
    }
  }
}
