package dev.gingham.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Address arithmetic against BigInteger. */
class IpAddressArithmeticProperties {

  @Provide
  Arbitrary<IpAddress> addresses() {
    // Near the ends of each family's range and of the 64-bit halves, where carries happen.
    Arbitrary<IpAddress> edges =
        Arbitraries.oneOf(
            Arbitraries.of(0, 1, -1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE).map(Ipv4Address::of),
            Combinators.combine(NetArbitraries.edgeLongs(), NetArbitraries.edgeLongs())
                .as(Ipv6Address::of));
    return Arbitraries.oneOf(NetArbitraries.addresses(), edges);
  }

  @Provide
  Arbitrary<Long> offsets() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-1000, 1000),
        Arbitraries.longs(),
        NetArbitraries.edgeLongs(),
        NetArbitraries.edgeLongs().map(x -> -x),
        Arbitraries.integers().map(i -> (long) i));
  }

  @Property(tries = 5_000)
  @Label("add and subtract are BigInteger addition, or an ArithmeticException out of range")
  void addAndSubtract(@ForAll("addresses") IpAddress a, @ForAll("offsets") long offset) {
    BigInteger value = Oracles.value(a);
    check(a, value.add(BigInteger.valueOf(offset)), () -> a.add(offset), "+", offset);
    check(a, value.subtract(BigInteger.valueOf(offset)), () -> a.subtract(offset), "-", offset);
  }

  @Property
  @Label("next and previous step by one, and stop at the ends of the family")
  void nextAndPrevious(@ForAll("addresses") IpAddress a) {
    BigInteger value = Oracles.value(a);
    check(a, value.add(BigInteger.ONE), a::next, "+", 1);
    check(a, value.subtract(BigInteger.ONE), a::previous, "-", 1);
  }

  @Property
  @Label("add then subtract is the identity when both are in range")
  void inverse(@ForAll("addresses") IpAddress a, @ForAll("offsets") long offset) {
    IpAddress moved;
    try {
      moved = a.add(offset);
    } catch (ArithmeticException e) {
      return;
    }
    assertThat(moved.subtract(offset)).isEqualTo(a);
    assertThat(moved.family()).isEqualTo(a.family());
  }

  private static void check(
      IpAddress a,
      BigInteger expected,
      java.util.function.Supplier<IpAddress> operation,
      String op,
      long offset) {
    boolean inRange = expected.signum() >= 0 && expected.compareTo(Oracles.limit(a.family())) < 0;
    Statistics.label("in range").collect(inRange);
    if (inRange) {
      IpAddress result = operation.get();
      assertThat(result).isEqualTo(Oracles.address(a.family(), expected));
      assertThat(Oracles.value(result)).isEqualTo(expected);
    } else {
      assertThatThrownBy(operation::get)
          .isExactlyInstanceOf(ArithmeticException.class)
          .hasMessageContaining(a.toString())
          .hasMessageContaining(op + " " + offset);
    }
  }
}
