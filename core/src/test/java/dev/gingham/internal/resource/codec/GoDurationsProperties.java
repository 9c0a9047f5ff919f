package dev.gingham.internal.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** Go's duration text: written and read back, and garbage refused by name. */
class GoDurationsProperties {

  @Property(tries = 3000)
  @Label("every duration written reads back equal")
  void roundTrip(@ForAll @LongRange(min = 0, max = 400L * 24 * 3600 * 1_000_000_000L) long nanos) {
    Duration d = Duration.ofNanos(nanos);
    assertThat(GoDurations.parse(GoDurations.format(d))).isEqualTo(d);
  }

  @Property(tries = 3000)
  @Label("any text gives a duration or an IllegalArgumentException that quotes it")
  void garbage(@ForAll String text) {
    try {
      Duration d = GoDurations.parse(text);
      Statistics.collect("accepted");
      assertThat(d.isNegative()).isFalse();
    } catch (IllegalArgumentException e) {
      Statistics.collect("rejected");
      assertThat(e.getMessage()).startsWith("'" + text + "' is not a duration");
    }
  }

  @Test
  void readsAndWritesAsGoDoes() {
    assertThat(GoDurations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDurations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(GoDurations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(GoDurations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDurations.format(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
    assertThat(GoDurations.format(Duration.ofSeconds(120))).isEqualTo("2m0s");
    assertThat(GoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDurations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThatThrownBy(() -> GoDurations.parse("90"))
        .hasMessage(
            "'90' is not a duration such as 90s or 1m30s: a number needs a unit (h, m, s, ms, us or ns)");
    assertThatThrownBy(() -> GoDurations.parse("5d"))
        .hasMessage(
            "'5d' is not a duration such as 90s or 1m30s: unknown unit 'd' (h, m, s, ms, us or ns)");
    assertThatThrownBy(() -> GoDurations.parse("-1s"))
        .hasMessageContaining("expected a number at index 0");
  }
}
