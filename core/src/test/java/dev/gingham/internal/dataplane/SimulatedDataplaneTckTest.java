package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.tck.DataplaneTck;

/** The simulated dataplane against the dataplane test kit. */
class SimulatedDataplaneTckTest extends DataplaneTck {
  @Override
  protected Dataplane openDataplane() {
    return new SimulatedDataplane();
  }
}
