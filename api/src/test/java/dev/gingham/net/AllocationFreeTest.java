package dev.gingham.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The operations that route lookups, policy and IPAM run per packet or per address allocate
 * nothing, interpreted or compiled. JMH proves the speed; this catches a regression (a boxed value,
 * a varargs array, an iterator) in the build.
 */
class AllocationFreeTest {
  private static final int N = 256;
  private static final int ROUNDS = 200;

  @Test
  void containsOrdinalCompareEqualsHashCodeAllocateNothing() {
    AllocationCounter counter = new AllocationCounter();
    SplittableRandom random = new SplittableRandom(42);
    IpPrefix[] prefixes = new IpPrefix[N];
    IpAddress[] inside = new IpAddress[N];
    IpAddress[] any = new IpAddress[N];
    for (int i = 0; i < N; i++) {
      IpAddress a =
          i % 2 == 0
              ? Ipv4Address.of(random.nextInt())
              : Ipv6Address.of(random.nextLong(), random.nextLong());
      prefixes[i] = IpPrefix.ofMasking(a, random.nextInt(a.bitLength() / 2 + 1, a.bitLength() + 1));
      inside[i] = a;
      any[i] = i % 3 == 0 ? Ipv4Address.of(random.nextInt()) : a;
    }
    long sink = run(prefixes, inside, any); // warm up: class loading and constant pool resolution

    long before = counter.allocatedBytes();
    sink += run(prefixes, inside, any);
    long allocated = counter.allocatedBytes() - before;

    assertThat(sink).isNotZero();
    long operations = (long) ROUNDS * N * 7;
    assertThat(allocated)
        .as("bytes allocated by %d operations", operations)
        .isLessThan(operations / 100);
  }

  /**
   * The current thread's allocated bytes, from {@code com.sun.management.ThreadMXBean}. Reached by
   * reflection because the tests compile inside the {@code dev.gingham.api} module, which does not
   * read {@code java.management}; they run on the class path, which does. A call allocates a few
   * bytes of its own (a boxed long), far below what the test would notice.
   */
  private static final class AllocationCounter {
    private final Object bean;
    private final Method method;

    AllocationCounter() {
      try {
        bean =
            Class.forName("java.lang.management.ManagementFactory")
                .getMethod("getThreadMXBean")
                .invoke(null);
        method =
            Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getCurrentThreadAllocatedBytes");
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("this JVM cannot count allocated bytes", e);
      }
    }

    long allocatedBytes() {
      try {
        return (Long) method.invoke(bean);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static long run(IpPrefix[] prefixes, IpAddress[] inside, IpAddress[] any) {
    long sink = 0;
    for (int r = 0; r < ROUNDS; r++) {
      for (int i = 0; i < N; i++) {
        IpPrefix p = prefixes[i];
        sink += p.contains(any[i]) ? 1 : 0;
        sink += p.ordinal(inside[i]);
        sink += p.contains(prefixes[(i + 1) % N]) ? 1 : 0;
        sink += inside[i].compareTo(any[i]);
        sink += inside[i].equals(any[i]) ? 1 : 0;
        sink += inside[i].hashCode();
        sink += p.compareTo(prefixes[(i + 2) % N]) + p.hashCode();
      }
    }
    return sink;
  }
}
