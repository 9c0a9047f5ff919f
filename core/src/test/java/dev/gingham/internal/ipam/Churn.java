package dev.gingham.internal.ipam;

import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.AssignResult;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.PoolExhaustedException;
import dev.gingham.net.IpAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentMap;

/**
 * One worker of a concurrency test: a bounded number of random assign and release operations for
 * one host, each address under a handle of its own. It watches for double hand-outs two ways: an
 * address it is given must not be held by any other worker of its process ({@code claimed}), and an
 * address it holds must still be recorded under its handle when it releases it (a double hand-out
 * by any process would have overwritten that record).
 */
final class Churn {
  /** How many handles a worker holds at most, so that pools do not run dry. */
  static final int MAX_HELD = 4;

  private Churn() {}

  /**
   * What a worker did and what it holds at the end.
   *
   * @param held the addresses it holds, by handle
   * @param violations every double hand-out or lost address it saw; empty when all went well
   */
  record Outcome(
      Map<String, List<IpAddress>> held,
      int assigns,
      int releases,
      int exhausted,
      List<String> violations) {}

  static Outcome run(
      Ipam ipam,
      String host,
      String worker,
      int ops,
      long seed,
      ConcurrentMap<IpAddress, String> claimed) {
    Random random = new Random(seed);
    Map<String, List<IpAddress>> held = new LinkedHashMap<>();
    List<String> violations = new ArrayList<>();
    int assigns = 0;
    int releases = 0;
    int exhausted = 0;
    for (int op = 0; op < ops; op++) {
      if (held.size() < MAX_HELD && (held.isEmpty() || random.nextInt(10) < 6)) {
        String handle = worker + "-" + op;
        int v6 = random.nextInt(8) == 0 ? 1 : 0;
        AssignResult r;
        try {
          r = ipam.autoAssign(AssignRequest.builder(handle, host).ipv4(1).ipv6(v6).build());
        } catch (PoolExhaustedException e) {
          exhausted++;
          continue;
        }
        assigns++;
        for (IpAddress a : r.all()) {
          String previous = claimed.putIfAbsent(a, handle);
          if (previous != null) {
            violations.add(a + " handed to " + handle + " while " + previous + " held it");
          }
        }
        held.put(handle, r.all());
      } else {
        List<String> handles = new ArrayList<>(held.keySet());
        String handle = handles.get(random.nextInt(handles.size()));
        List<IpAddress> addresses = held.remove(handle);
        for (IpAddress a : addresses) {
          Optional<Allocation> now = ipam.allocation(a);
          if (now.isEmpty() || !now.get().handle().equals(handle)) {
            violations.add(a + " of " + handle + " is recorded as " + now);
          }
          claimed.remove(a, handle); // before the release: afterwards another may get it
        }
        List<IpAddress> freed =
            random.nextBoolean() ? ipam.releaseIps(addresses) : ipam.releaseByHandle(handle);
        releases++;
        if (!new HashSet<>(freed).equals(new HashSet<>(addresses))) {
          violations.add("releasing " + handle + " freed " + freed + ", not " + addresses);
        }
      }
    }
    return new Outcome(held, assigns, releases, exhausted, violations);
  }
}
