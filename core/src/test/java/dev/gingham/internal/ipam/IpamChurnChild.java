package dev.gingham.internal.ipam;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One process of {@link SqliteIpamMultiProcessTest}: runs {@link Churn} workers for its hosts on
 * the shared store, then reports on stdout what they hold and saw.
 *
 * <pre>
 * IpamChurnChild URI PROCESS HOSTS THREADS OPS GO_FILE
 *   prints "ready", waits (at most two minutes) for GO_FILE to exist, runs HOSTS x THREADS workers
 *   doing OPS operations in all, then prints one "held HANDLE ADDRESS..." line per handle held,
 *   one "violation TEXT" line per violation seen, and "done ASSIGNS RELEASES EXHAUSTED"
 * </pre>
 */
public final class IpamChurnChild {
  private IpamChurnChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    String uri = args[0];
    int process = Integer.parseInt(args[1]);
    int hosts = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    int ops = Integer.parseInt(args[4]);
    Path go = Path.of(args[5]);
    try (Datastore store = Datastores.open(uri)) {
      List<Ipam> engines = new ArrayList<>();
      for (int h = 0; h < hosts; h++) {
        engines.add(Ipams.create(store));
      }
      out.println("ready");
      out.flush();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!Files.exists(go)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no go signal within two minutes");
        }
        Thread.sleep(10);
      }
      ConcurrentMap<IpAddress, String> claimed = new ConcurrentHashMap<>();
      int workers = hosts * threads;
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      try {
        List<Future<Churn.Outcome>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          int host = w / threads;
          int count = ops / workers + (w < ops % workers ? 1 : 0);
          String worker = "p" + process + "w" + w;
          long seed = 7919L * process + w;
          futures.add(
              pool.submit(
                  () ->
                      Churn.run(
                          engines.get(host),
                          "p" + process + "-host-" + host,
                          worker,
                          count,
                          seed,
                          claimed)));
        }
        int assigns = 0;
        int releases = 0;
        int exhausted = 0;
        for (Future<Churn.Outcome> f : futures) {
          Churn.Outcome o = f.get(6, TimeUnit.MINUTES);
          for (Map.Entry<String, List<IpAddress>> e : o.held().entrySet()) {
            StringBuilder line = new StringBuilder("held ").append(e.getKey());
            e.getValue().forEach(a -> line.append(' ').append(a));
            out.println(line);
          }
          o.violations().forEach(v -> out.println("violation " + v));
          assigns += o.assigns();
          releases += o.releases();
          exhausted += o.exhausted();
        }
        out.println("done " + assigns + " " + releases + " " + exhausted);
        out.flush();
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
