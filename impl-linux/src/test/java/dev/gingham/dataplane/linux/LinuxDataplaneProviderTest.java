package dev.gingham.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneProvider;
import dev.gingham.spi.dataplane.Dataplanes;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The provider: found by ServiceLoader, chosen over the simulation where it can run. */
class LinuxDataplaneProviderTest {
  @Test
  void serviceLoaderFindsItAndItOutranksTheSimulation() {
    DataplaneProvider linux =
        Dataplanes.providers().stream()
            .filter(p -> p.name().equals("linux"))
            .findFirst()
            .orElseThrow();
    assertThat(linux).isInstanceOf(LinuxDataplaneProvider.class);
    assertThat(Dataplanes.providers())
        .filteredOn(p -> p.name().equals("simulated"))
        .allSatisfy(s -> assertThat(linux.priority()).isGreaterThan(s.priority()));
  }

  @Test
  void asRootItIsAvailableAndOpensByName() {
    Prerequisites.require();
    assertThat(new LinuxDataplaneProvider().unavailableReason()).isEmpty();
    try (Dataplane dp = Dataplanes.open("linux")) {
      assertThat(dp.name()).isEqualTo("linux");
      assertThat(dp.links().get(dp.namespaces().host(), "lo")).isPresent();
    }
  }

  @Test
  void capabilitiesAreReadFromTheStatusText() {
    String status = "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\n";
    assertThat(LinuxDataplaneProvider.effectiveCapabilities(status)).isEqualTo(0x1ffffffffffL);
    assertThat(LinuxDataplaneProvider.effectiveCapabilities("CapEff:\t0000000000001000\n"))
        .isEqualTo(1L << 12);
    assertThatThrownBy(() -> LinuxDataplaneProvider.effectiveCapabilities("CapPrm:\t0\n"))
        .hasMessageContaining("no CapEff");
  }

  @Property(tries = 1000)
  @Label("a status text of garbage gives a mask or IllegalArgumentException, nothing else")
  void garbageStatus(@ForAll String text) {
    try {
      LinuxDataplaneProvider.effectiveCapabilities("CapEff:\t" + text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotEmpty();
    }
  }
}
