package dev.gingham.internal.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen hosts of four threads each, 20,000 assign and release operations in all, on one SQLite
 * file shared by four JVM processes of four hosts each: no double hand-out within or across
 * processes, no leak, and a clean check. Each process's output goes to a file, read once it exits.
 */
@Tag("sqlite")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SqliteIpamMultiProcessTest {
  static final int PROCESSES = 4;
  static final int HOSTS_PER_PROCESS = 4;
  static final int THREADS_PER_HOST = 4;
  static final int OPERATIONS = 20_000;

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killProcesses() throws InterruptedException {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("process died after SIGKILL").isTrue();
      }
    }
  }

  @Test
  void fourProcessesOfSixteenHostsNeverHandOutAnAddressTwice() throws Exception {
    String uri = "sqlite:" + dir.resolve("churn.db");
    Path go = dir.resolve("go");
    try (Datastore store = Datastores.open(uri)) {
      Ipam admin = Ipams.create(store);
      admin.createPool(
          IpPool.builder("churn-v4", IpPrefix.parse("10.80.0.0/22")).blockSize(28).build());
      admin.createPool(
          IpPool.builder("churn-v6", IpPrefix.parse("fd00:80::/118")).blockSize(124).build());

      List<Path> outputs = new ArrayList<>();
      for (int p = 0; p < PROCESSES; p++) {
        int ops = OPERATIONS / PROCESSES;
        outputs.add(start(p, uri, ops, go));
      }
      for (int p = 0; p < PROCESSES; p++) {
        awaitLine(p, outputs.get(p), "ready", 120);
      }
      Files.createFile(go);
      for (int p = 0; p < PROCESSES; p++) {
        Process process = processes.get(p);
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
          fail("process %d did not finish within 8 minutes%s", p, diagnosis(p));
        }
        assertThat(process.exitValue()).as("exit code of process %d%s", p, diagnosis(p)).isZero();
      }

      List<Churn.Outcome> outcomes = new ArrayList<>();
      int operations = 0;
      int exhausted = 0;
      for (Path output : outputs) {
        Map<String, List<IpAddress>> held = new LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        String done = null;
        for (String line : Files.readAllLines(output)) {
          if (line.startsWith("held ")) {
            String[] parts = line.split(" ");
            List<IpAddress> addresses = new ArrayList<>();
            for (int i = 2; i < parts.length; i++) {
              addresses.add(IpAddress.parse(parts[i]));
            }
            held.put(parts[1], addresses);
          } else if (line.startsWith("violation ")) {
            violations.add(line.substring("violation ".length()));
          } else if (line.startsWith("done ")) {
            done = line;
          }
        }
        assertThat(done).as("summary line of %s", output).isNotNull();
        String[] counts = done.split(" ");
        operations +=
            Integer.parseInt(counts[1]) + Integer.parseInt(counts[2]) + Integer.parseInt(counts[3]);
        exhausted += Integer.parseInt(counts[3]);
        outcomes.add(new Churn.Outcome(held, 0, 0, 0, violations));
      }
      assertThat(operations).as("operations run").isEqualTo(OPERATIONS);
      assertThat(exhausted).as("the pools were large enough for the run").isZero();
      IpamConcurrencyCheck.verify(admin, store, outcomes);
    }
  }

  private Path start(int index, String uri, int ops, Path go) throws IOException {
    Path out = dir.resolve("process-" + index + ".out");
    Path err = dir.resolve("process-" + index + ".err");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            IpamChurnChild.class.getName(),
            uri,
            Integer.toString(index),
            Integer.toString(HOSTS_PER_PROCESS),
            Integer.toString(THREADS_PER_HOST),
            Integer.toString(ops),
            go.toString());
    processes.add(
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start());
    return out;
  }

  /** Polls a process's output until a line appears, it dies, or time runs out. */
  private void awaitLine(int index, Path output, String line, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!Files.readAllLines(output).contains(line)) {
      if (!processes.get(index).isAlive()) {
        fail("process %d died before printing '%s'%s", index, line, diagnosis(index));
      }
      if (System.nanoTime() > deadline) {
        fail("process %d printed no '%s' within %ds%s", index, line, seconds, diagnosis(index));
      }
      Thread.sleep(20);
    }
  }

  private String diagnosis(int index) {
    try {
      Path err = dir.resolve("process-" + index + ".err");
      String text = Files.exists(err) ? Files.readString(err) : "";
      return text.isBlank() ? " (stderr empty)" : "; its stderr:\n" + text;
    } catch (IOException e) {
      return " (stderr unreadable: " + e + ")";
    }
  }
}
