package dev.gingham.benchmarks.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.core.Resources;
import dev.gingham.resource.Resource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A resource to and from the JSON a store's record holds, through the public API as the resource
 * store does it (Jackson for the bytes, {@code Resources.read}/{@code write} for the tree): what a
 * node agent pays per watch event, and the CLI per resource. Two resources: a workload endpoint
 * (the most numerous kind, one per pod) and a network policy with four rules. This is not a hot
 * path of the dataplane and makes no allocation-free claim; {@code -prof gc} says what it
 * allocates.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar ResourceCodecBenchmark -f 1 -prof
 * gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResourceCodecBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String WORKLOAD =
      "{\"apiVersion\":\"gingham.dev/v1\",\"kind\":\"WorkloadEndpoint\",\"metadata\":{\"name\":"
          + "\"node-1-k8s-web--7d9f-eth0\",\"namespace\":\"prod\",\"labels\":{\"app\":\"web\","
          + "\"pod-template-hash\":\"7d9f\",\"projectcalico.org/namespace\":\"prod\"},\"uid\":"
          + "\"0fd3014c-f025-4fd3-ab0e-2b0c25c801cd\",\"creationTimestamp\":\"2026-05-01T12:00:00Z\"},"
          + "\"spec\":{\"orchestrator\":\"k8s\",\"node\":\"node-1\",\"containerID\":\"c0ffee12\","
          + "\"pod\":\"web-7d9f\",\"endpoint\":\"eth0\",\"interfaceName\":\"cali0ef24ba\",\"mac\":"
          + "\"ca:fe:1d:52:bb:e9\",\"ipNetworks\":[\"10.65.0.5/32\"],\"profiles\":[\"kns.prod\","
          + "\"ksa.prod.default\"],\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":8080}]}}";

  private static final String POLICY =
      "{\"apiVersion\":\"gingham.dev/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":"
          + "\"allow-web\",\"namespace\":\"prod\"},\"spec\":{\"tier\":\"default\",\"order\":100,"
          + "\"selector\":\"app == 'web'\",\"types\":[\"Ingress\",\"Egress\"],\"ingress\":[{\"action\":"
          + "\"Allow\",\"protocol\":\"TCP\",\"source\":{\"selector\":\"role == 'frontend'\"},"
          + "\"destination\":{\"ports\":[80,443]}},{\"action\":\"Allow\",\"protocol\":\"ICMP\","
          + "\"icmp\":{\"type\":8}},{\"action\":\"Deny\",\"source\":{\"nets\":[\"10.0.0.0/8\"]}}],"
          + "\"egress\":[{\"action\":\"Allow\",\"protocol\":\"UDP\",\"destination\":{\"selector\":"
          + "\"k8s-app == 'kube-dns'\",\"ports\":[53]}}]}}";

  private byte[] workloadBytes;
  private byte[] policyBytes;
  private Resource<?> workload;
  private Resource<?> policy;

  @Setup
  public void setUp() throws IOException {
    workloadBytes = WORKLOAD.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    policyBytes = POLICY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    workload = read(workloadBytes);
    policy = read(policyBytes);
  }

  private static Resource<?> read(byte[] bytes) throws IOException {
    List<Resource<?>> r = Resources.read(JSON.readValue(bytes, Object.class), "bench");
    return r.get(0);
  }

  private static byte[] write(Resource<?> r) throws IOException {
    Map<String, Object> doc = Resources.write(r, false);
    return JSON.writeValueAsBytes(doc);
  }

  /** A workload endpoint's record decoded, checked and typed. */
  @Benchmark
  public Resource<?> decodeWorkloadEndpoint() throws IOException {
    return read(workloadBytes);
  }

  /** A workload endpoint encoded as its record. */
  @Benchmark
  public byte[] encodeWorkloadEndpoint() throws IOException {
    return write(workload);
  }

  /** A four-rule network policy's record decoded, checked and typed (selectors parsed). */
  @Benchmark
  public Resource<?> decodeNetworkPolicy() throws IOException {
    return read(policyBytes);
  }

  /** A four-rule network policy encoded as its record. */
  @Benchmark
  public byte[] encodeNetworkPolicy() throws IOException {
    return write(policy);
  }
}
