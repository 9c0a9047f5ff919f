package dev.gingham.internal.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.spi.datastore.Datastore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a concurrency test checks at the end, over every worker's outcome: no address was handed out
 * twice, none leaked, the store agrees with the workers, {@code check()} is clean; and after every
 * worker's addresses are released, nothing is in use and no handle record is left.
 */
final class IpamConcurrencyCheck {
  private IpamConcurrencyCheck() {}

  static void verify(Ipam ipam, Datastore store, List<Churn.Outcome> outcomes) {
    Map<IpAddress, String> owners = new HashMap<>();
    Map<String, List<IpAddress>> handles = new HashMap<>();
    for (Churn.Outcome outcome : outcomes) {
      assertThat(outcome.violations()).as("violations seen by a worker").isEmpty();
      for (Map.Entry<String, List<IpAddress>> e : outcome.held().entrySet()) {
        handles.put(e.getKey(), e.getValue());
        for (IpAddress a : e.getValue()) {
          String other = owners.put(a, e.getKey());
          assertThat(other).as("%s held by two handles at the end", a).isNull();
        }
      }
    }
    assertThat(ipam.usage().inUse()).as("addresses in use: no leak").isEqualTo(owners.size());
    for (Map.Entry<String, List<IpAddress>> e : handles.entrySet()) {
      assertThat(ipam.ipsByHandle(e.getKey()))
          .as("addresses of %s", e.getKey())
          .containsExactlyInAnyOrderElementsOf(e.getValue());
    }
    assertThat(ipam.check().inconsistencies()).as("check() after the run").isEmpty();

    for (String handle : handles.keySet()) {
      ipam.releaseByHandle(handle);
    }
    assertThat(ipam.usage().inUse()).as("in use after releasing everything").isZero();
    assertThat(store.listAll(IpamKeys.HANDLES).items()).as("handle records left").isEmpty();
    assertThat(ipam.check().inconsistencies()).as("check() after releasing everything").isEmpty();
  }
}
