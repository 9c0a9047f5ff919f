package dev.gingham.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static Route blackhole(String dst, int protocol) {
    return Route.builder(IpPrefix.parse(dst)).type(RouteType.BLACKHOLE).protocol(protocol).build();
  }

  @Test
  void keepsRoutesInKeyOrder() {
    Route a = blackhole("10.0.1.0/24", 80);
    Route b = blackhole("10.0.0.0/24", 80);
    RouteTable t = RouteTable.of(80, List.of(a, b));
    assertThat(t.routes()).containsExactly(b, a);
    assertThat(t.get(a.key())).contains(a);
    assertThat(t.size()).isEqualTo(2);
  }

  @Test
  void refusesARouteOfAnotherProtocolNamingIt() {
    assertThatThrownBy(() -> RouteTable.of(80, List.of(blackhole("10.0.0.0/24", 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blackhole 10.0.0.0/24 proto 3")
        .hasMessageContaining("not this table's 80");
    assertThatThrownBy(() -> RouteTable.empty(80).with(blackhole("10.0.0.0/24", 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesTwoRoutesWithOneKey() {
    Route a = blackhole("10.0.0.0/24", 80);
    Route b = a.toBuilder().type(RouteType.UNREACHABLE).build();
    assertThatThrownBy(() -> RouteTable.of(80, List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share the key");
  }

  @Test
  void refusesABadProtocolNumber() {
    assertThatThrownBy(() -> RouteTable.empty(256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256");
  }

  @Test
  void withAndWithoutMakeNewTables() {
    Route a = blackhole("10.0.0.0/24", 80);
    RouteTable empty = RouteTable.empty(80);
    RouteTable one = empty.with(a);
    assertThat(empty.size()).isZero();
    assertThat(one.routes()).containsExactly(a);
    Route replaced = a.toBuilder().type(RouteType.PROHIBIT).build();
    assertThat(one.with(replaced).routes()).containsExactly(replaced);
    assertThat(one.without(a.key())).isEqualTo(empty);
    assertThat(empty.without(a.key())).isSameAs(empty);
  }
}
