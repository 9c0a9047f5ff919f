package dev.gingham.dataplane.linux;

import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.tck.DataplaneTck;
import org.junit.jupiter.api.BeforeAll;

/** The dataplane test kit against the real kernel, in namespaces the kit makes and deletes. */
class LinuxDataplaneTckTest extends DataplaneTck {
  @BeforeAll
  static void prerequisites() {
    Prerequisites.require();
    TestNamespaces.removeStale("gtck");
  }

  @Override
  protected Dataplane openDataplane() {
    return LinuxDataplane.open();
  }
}
