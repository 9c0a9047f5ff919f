package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.resource.ResourceKind;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The examples of Calico's documentation, rewritten as our fixtures ({@code calico/} of the test
 * resources), apply as they are; what the store then gives back applies again unchanged.
 */
@ExtendWith(EtcdForCli.class)
class CalicoFixturesTest {
  @TempDir Path dir;

  static Path fixtures() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(CalicoFixturesTest.class.getResource("calico"), "fixtures").toURI());
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void calicoExamplesApplyWithoutAChange(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      Cli.Result r = cli.on("apply", "-f", fixtures().toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out().lines()).hasSize(22).allMatch(l -> l.endsWith(" created"));
      assertThat(r.out())
          .contains("ippool/my.ippool-1 created")
          .contains("bgpconfiguration/default created")
          .contains("globalnetworkpolicy/default-app-policy created")
          .contains("workloadendpoint/default/node1-k8s-my--nginx--b1337a-eth0 created")
          .contains("networkpolicy/default/knp.default.test-network-policy created");
      for (ResourceKind<?> k : ResourceKind.all()) {
        String yaml = cli.on("get", k.plural(), "-A", "-o", "yaml").out();
        if (yaml.isEmpty()) {
          continue;
        }
        Cli.Result again = cli.onWithInput(yaml, "apply", "-f", "-");
        assertThat(again.code()).as(k + ": " + again).isZero();
        assertThat(again.out().lines()).as(k.name()).allMatch(l -> l.endsWith(" unchanged"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void theAppliedPolicyDecidesAsCalicoWould(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      cli.on("apply", "-f", fixtures().toString());
      // The workload (role none, profile1 allows all) is not selected by any policy: allowed.
      Cli.Result allowed =
          cli.on(
              "policy",
              "explain",
              "--from",
              "198.51.100.7",
              "--to",
              "default/node1-k8s-my--nginx--b1337a-eth0",
              "--port",
              "1234");
      assertThat(allowed.code()).as(allowed.toString()).isZero();
      assertThat(allowed.out()).contains("ALLOW");
    }
  }
}
