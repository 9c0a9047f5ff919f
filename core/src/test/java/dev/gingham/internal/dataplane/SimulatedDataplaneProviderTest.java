package dev.gingham.internal.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneProvider;
import dev.gingham.spi.dataplane.Dataplanes;
import org.junit.jupiter.api.Test;

class SimulatedDataplaneProviderTest {
  @Test
  void serviceLoaderFindsItAlwaysAvailableWithTheLowestPriority() {
    DataplaneProvider p =
        Dataplanes.providers().stream()
            .filter(x -> x.name().equals("simulated"))
            .findFirst()
            .orElseThrow();
    assertThat(p).isInstanceOf(SimulatedDataplaneProvider.class);
    assertThat(p.unavailableReason()).isEmpty();
    assertThat(p.priority()).isEqualTo(Integer.MIN_VALUE);
  }

  @Test
  void opensByNameAndAsTheOnlyChoice() {
    try (Dataplane byName = Dataplanes.open("simulated")) {
      assertThat(byName.name()).isEqualTo("simulated");
      assertThat(byName.links().get(byName.namespaces().host(), "lo")).isPresent();
    }
    try (Dataplane best = Dataplanes.open()) {
      assertThat(best.name()).isEqualTo("simulated");
    }
  }
}
