package dev.gingham.benchmarks.policy;

import dev.gingham.core.NftablesOptions;
import dev.gingham.core.Policies;
import dev.gingham.core.PolicyRenderer;
import dev.gingham.dataplane.linux.nft.NftScript;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.WorkloadEndpoint;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The nftables compile and render at cluster scale: {@link #fullCompileAndRender} builds the whole
 * program for {@code endpoints} workloads, 1,000 policies and 100 namespaces from nothing, down to
 * the {@code nft -f} script text; {@link #addEndpoint} and {@link #changeLabel} compute the
 * incremental transaction and its script for one workload added (and removed again, to keep the
 * state steady; each is one operation) or one label flipped. Run the incremental ones with {@code
 * -bm sample} for percentiles.
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class PolicyRenderBenchmark {
  @Param({"10000"})
  public int endpoints;

  @Param({"1000"})
  public int policies;

  @Param({"100"})
  public int namespaces;

  private PolicyModel model;
  private PolicyRenderer renderer;
  private WorkloadEndpoint extra;
  private WorkloadEndpoint labelled;
  private WorkloadEndpoint relabelled;
  private boolean flip;
  private boolean added;

  @Setup(Level.Trial)
  public void setUp() {
    model = SyntheticCluster.model(endpoints, policies, namespaces);
    renderer = Policies.nftables(NftablesOptions.DEFAULT);
    renderer.load(model);
    extra = SyntheticCluster.endpoint(endpoints, namespaces, SyntheticCluster.app(endpoints));
    labelled = (WorkloadEndpoint) model.endpoints().get(endpoints / 2);
    relabelled =
        WorkloadEndpoint.builder(labelled.namespace(), labelled.name())
            .interfaceName(labelled.interfaceName())
            .addresses(labelled.addresses())
            .labels(labelled.labels().with("app", "app-99"))
            .profiles(labelled.profiles())
            .ports(labelled.ports())
            .build();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public String fullCompileAndRender() {
    PolicyRenderer r = Policies.nftables(NftablesOptions.DEFAULT);
    return NftScript.of(r.load(model)).text();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String addEndpoint() {
    added = !added;
    return NftScript.of(added ? renderer.putEndpoint(extra) : renderer.removeEndpoint(extra))
        .text();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String changeLabel() {
    flip = !flip;
    return NftScript.of(renderer.putEndpoint(flip ? relabelled : labelled)).text();
  }
}
