package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneProvider;
import java.util.Optional;

/**
 * Opens simulated dataplanes ({@code "simulated"}): always available, with the lowest priority, so
 * that it is chosen only when nothing can reach a kernel, or by name. Each open gives a new, empty
 * machine: a host namespace with its loopback.
 */
public final class SimulatedDataplaneProvider implements DataplaneProvider {
  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public int priority() {
    return Integer.MIN_VALUE;
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public Dataplane open() {
    return new SimulatedDataplane();
  }
}
