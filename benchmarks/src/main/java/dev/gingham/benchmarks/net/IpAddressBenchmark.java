package dev.gingham.benchmarks.net;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.util.SplittableRandom;
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
 * {@code dev.gingham.net} against the IPAddress library ({@code com.github.seancfoley:ipaddress}),
 * operation by operation: each pair of benchmarks does the same work on the same inputs.
 *
 * <p>Inputs are drawn once from a fixed seed into arrays of {@value #SIZE} and cycled through, so
 * that the JIT can neither constant-fold an input nor predict every branch. Each benchmark returns
 * its result, which JMH consumes.
 *
 * <p>The format benchmarks build a fresh address from its bits on every call, for both libraries:
 * IPAddress caches the string inside an address object, so formatting the same object twice would
 * measure a field read. Building a Gingham address is one 16- or 32-byte allocation.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar IpAddressBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IpAddressBenchmark {
  static final int SIZE = 1024;
  private static final long SEED = 0x6769_6e67_6861_6dL;

  private final String[] ipv4Texts = new String[SIZE];
  private final String[] ipv6Texts = new String[SIZE];
  private final String[] prefixTexts = new String[SIZE];
  private final int[] ipv4Bits = new int[SIZE];
  private final long[] ipv6High = new long[SIZE];
  private final long[] ipv6Low = new long[SIZE];

  // contains: same-family pairs, about half of the addresses inside their prefix.
  private final IpPrefix[] prefixes = new IpPrefix[SIZE];
  private final IpAddress[] candidates = new IpAddress[SIZE];
  private final inet.ipaddr.IPAddress[] ipaPrefixes = new inet.ipaddr.IPAddress[SIZE];
  private final inet.ipaddr.IPAddress[] ipaCandidates = new inet.ipaddr.IPAddress[SIZE];

  // ordinal: every address inside its prefix; IPv6 prefixes of /65 or longer so that the ordinal
  // fits in a long.
  private final IpPrefix[] blocks = new IpPrefix[SIZE];
  private final IpAddress[] members = new IpAddress[SIZE];
  private final inet.ipaddr.IPAddress[] ipaBlocks = new inet.ipaddr.IPAddress[SIZE];
  private final inet.ipaddr.IPAddress[] ipaMembers = new inet.ipaddr.IPAddress[SIZE];

  private int index;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < SIZE; i++) {
      ipv4Bits[i] = random.nextInt();
      ipv4Texts[i] = Ipv4Address.of(ipv4Bits[i]).toString();
      Ipv6Address v6 = randomIpv6(random);
      ipv6High[i] = v6.high();
      ipv6Low[i] = v6.low();
      ipv6Texts[i] = v6.toString();

      IpAddress any = random.nextBoolean() ? Ipv4Address.of(random.nextInt()) : randomIpv6(random);
      IpPrefix prefix = IpPrefix.ofMasking(any, random.nextInt(any.bitLength() + 1));
      prefixTexts[i] = prefix.toString();

      prefixes[i] = prefix;
      candidates[i] =
          random.nextBoolean() ? memberOf(prefix, random) : randomOfFamily(prefix, random);
      ipaPrefixes[i] = new IPAddressString(prefix.toString()).getAddress();
      ipaCandidates[i] = new IPAddressString(candidates[i].toString()).getAddress();

      int minimum = any.bitLength() == 32 ? 0 : 65;
      blocks[i] = IpPrefix.ofMasking(any, minimum + random.nextInt(any.bitLength() - minimum + 1));
      members[i] = memberOf(blocks[i], random);
      ipaBlocks[i] = new IPAddressString(blocks[i].toString()).getAddress();
      ipaMembers[i] = new IPAddressString(members[i].toString()).getAddress();

      check(prefix.contains(candidates[i]) == ipaPrefixes[i].contains(ipaCandidates[i]), i);
      check(
          BigInteger.valueOf(blocks[i].ordinal(members[i]))
              .equals(ipaBlocks[i].enumerate(ipaMembers[i])),
          i);
      check(
          IpAddress.parse(ipv6Texts[i])
              .equals(IpAddress.of(parseIpAddress(ipv6Texts[i]).getBytes())),
          i);
      check(IpPrefix.parse(prefixTexts[i]).equals(prefix), i);
    }
  }

  private static inet.ipaddr.IPAddress parseIpAddress(String text) {
    return new IPAddressString(text).getAddress();
  }

  private static void check(boolean agree, int i) {
    if (!agree) {
      throw new IllegalStateException("the libraries disagree on input " + i);
    }
  }

  /** IPv6 addresses with zero runs, as real ones have, so that "::" compression is exercised. */
  private static Ipv6Address randomIpv6(SplittableRandom random) {
    long high = random.nextLong();
    long low = random.nextLong();
    switch (random.nextInt(4)) {
      case 0:
        return Ipv6Address.of(high & 0xFFFF_FFFF_0000_0000L, low & 0xFFFFL); // 2001:db8::1
      case 1:
        return Ipv6Address.of(high & 0xFFFF_FFFF_FFFF_0000L, low); // a /64 with a SLAAC host
      case 2:
        return Ipv6Address.ipv4Mapped(Ipv4Address.of((int) low));
      default:
        return Ipv6Address.of(high, low);
    }
  }

  private static IpAddress memberOf(IpPrefix prefix, SplittableRandom random) {
    long count = prefix.hostBits() >= 63 ? Long.MAX_VALUE : prefix.addressCount();
    return prefix.address(random.nextLong(count));
  }

  private static IpAddress randomOfFamily(IpPrefix prefix, SplittableRandom random) {
    return prefix.network() instanceof Ipv4Address
        ? Ipv4Address.of(random.nextInt())
        : randomIpv6(random);
  }

  private int next() {
    return index = (index + 1) & (SIZE - 1);
  }

  // ------------------------------------------------------------------------------------------
  // Parsing text

  @Benchmark
  public IpAddress parseIpv4_gingham() {
    return IpAddress.parse(ipv4Texts[next()]);
  }

  @Benchmark
  public inet.ipaddr.IPAddress parseIpv4_ipaddress() {
    return new IPAddressString(ipv4Texts[next()]).getAddress();
  }

  @Benchmark
  public IpAddress parseIpv6_gingham() {
    return IpAddress.parse(ipv6Texts[next()]);
  }

  @Benchmark
  public inet.ipaddr.IPAddress parseIpv6_ipaddress() {
    return new IPAddressString(ipv6Texts[next()]).getAddress();
  }

  @Benchmark
  public IpPrefix parsePrefix_gingham() {
    return IpPrefix.parse(prefixTexts[next()]);
  }

  @Benchmark
  public inet.ipaddr.IPAddress parsePrefix_ipaddress() {
    return new IPAddressString(prefixTexts[next()]).getAddress();
  }

  // ------------------------------------------------------------------------------------------
  // Formatting canonical text

  @Benchmark
  public String formatIpv4_gingham() {
    return Ipv4Address.of(ipv4Bits[next()]).toString();
  }

  @Benchmark
  public String formatIpv4_ipaddress() {
    return new inet.ipaddr.ipv4.IPv4Address(ipv4Bits[next()]).toCanonicalString();
  }

  @Benchmark
  public String formatIpv6_gingham() {
    int i = next();
    return Ipv6Address.of(ipv6High[i], ipv6Low[i]).toString();
  }

  @Benchmark
  public String formatIpv6_ipaddress() {
    int i = next();
    return new inet.ipaddr.ipv6.IPv6Address(ipv6High[i], ipv6Low[i]).toCanonicalString();
  }

  // ------------------------------------------------------------------------------------------
  // Prefix queries on pre-built values

  @Benchmark
  public boolean prefixContains_gingham() {
    int i = next();
    return prefixes[i].contains(candidates[i]);
  }

  @Benchmark
  public boolean prefixContains_ipaddress() {
    int i = next();
    return ipaPrefixes[i].contains(ipaCandidates[i]);
  }

  @Benchmark
  public long prefixOrdinal_gingham() {
    int i = next();
    return blocks[i].ordinal(members[i]);
  }

  @Benchmark
  public BigInteger prefixOrdinal_ipaddress() {
    int i = next();
    return ipaBlocks[i].enumerate(ipaMembers[i]);
  }
}
