package dev.gingham.benchmarks.policy;

import dev.gingham.internal.policy.LabelIndex;
import dev.gingham.policy.Labels;
import dev.gingham.policy.Selector;
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
 * The label index with {@code selectors} selectors over 10,000 entities: {@link #labelChange}
 * changes one label of one entity and updates every selector's match set (the listener counts the
 * changes, as the renderer's would apply them). {@link #selectorMatch} is one match of a four-term
 * selector, which allocates nothing (check with {@code -prof gc}).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SelectorIndexBenchmark {
  @Param({"1000"})
  public int selectors;

  private LabelIndex<Integer> index;
  private long changes;
  private Labels before;
  private Labels after;
  private boolean flip;
  private Selector selector;
  private Labels[] probe;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    index = new LabelIndex<>((s, e, m) -> changes++);
    for (int i = 0; i < selectors; i++) {
      switch (i % 4) {
        case 0:
          index.addSelector(
              Selector.parse(
                  "app == 'app-"
                      + (i % 20)
                      + "' && projectcalico.org/namespace == 'ns-"
                      + (i % 100)
                      + "'"));
          break;
        case 1:
          index.addSelector(
              Selector.parse(
                  "tier == 'fe' && projectcalico.org/namespace == 'ns-" + (i % 100) + "'"));
          break;
        case 2:
          index.addSelector(
              Selector.parse(
                  "pcns.team == 'team-"
                      + (i % 5)
                      + "' && has(projectcalico.org/namespace) && version in {'v1', 'x"
                      + i
                      + "'}"));
          break;
        default:
          index.addSelector(
              Selector.parse(
                  "app != 'app-" + (i % 20) + "' && tier == 'db' || version == 'v" + i + "'"));
      }
    }
    for (int e = 0; e < 10_000; e++) {
      index.putEntity(e, labels(e, "app-" + (e % 20)));
    }
    before = labels(5000, "app-0");
    after = labels(5000, "app-1");
    selector =
        Selector.parse(
            "app in {'app-1', 'app-2'} && tier == 'fe' && !has(legacy) && version != 'v9'");
    probe = new Labels[64];
    for (int i = 0; i < probe.length; i++) {
      probe[i] = labels(i, "app-" + (i % 4));
    }
  }

  private static Labels labels(int e, String app) {
    return Labels.of(
        "app", app,
        "tier", new String[] {"fe", "be", "db"}[e % 3],
        "version", "v" + (e % 2),
        "projectcalico.org/namespace", "ns-" + (e % 100),
        "pcns.team", "team-" + (e % 5));
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long labelChange() {
    flip = !flip;
    index.putEntity(5000, flip ? after : before);
    return changes;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean selectorMatch() {
    return selector.matches(probe[next++ & 63]);
  }
}
