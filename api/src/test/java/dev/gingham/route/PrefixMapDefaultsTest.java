package dev.gingham.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * The interface's default {@code longestMatchIds}, for implementations that do not override it: a
 * map that answers only the primitive lookups (every other method throws), made with a proxy so
 * that the defaults run as the interface has them.
 */
class PrefixMapDefaultsTest {
  private static final String LOW = "low";
  private static final String HIGH = "high";

  /** IPv4 addresses below 0x80000000 match LOW, others nothing; IPv6 by the high word's sign. */
  @SuppressWarnings("unchecked")
  private static PrefixMap<String> halves() {
    InvocationHandler answers =
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (method.getName().equals("longestMatch") && args.length == 1) {
            return (int) args[0] >= 0 ? LOW : null;
          }
          if (method.getName().equals("longestMatch") && args.length == 2) {
            return (long) args[0] >= 0 ? LOW : HIGH;
          }
          throw new UnsupportedOperationException(method.getName());
        };
    return (PrefixMap<String>)
        Proxy.newProxyInstance(
            PrefixMap.class.getClassLoader(), new Class<?>[] {PrefixMap.class}, answers);
  }

  @Test
  void ipv4NumbersCountValuesFromOneInOrderFirstSeen() {
    int[] ids = {-1, -1, -1, -1};
    PrefixMap.ValueIds<String> numbering =
        halves().longestMatchIds(new int[] {-5, 7, 9, -1}, 3, ids);
    assertThat(ids).containsExactly(0, 1, 1, -1);
    assertThat(numbering.value(0)).isNull();
    assertThat(numbering.value(1)).isSameAs(LOW);
  }

  @Test
  void ipv6NumbersCountValuesFromOneInOrderFirstSeen() {
    int[] ids = new int[3];
    PrefixMap.ValueIds<String> numbering =
        halves().longestMatchIds(new long[] {-1, 1, -2}, new long[3], 3, ids);
    assertThat(ids).containsExactly(1, 2, 1);
    assertThat(numbering.value(1)).isSameAs(HIGH);
    assertThat(numbering.value(2)).isSameAs(LOW);
  }

  @Test
  void badCountsAreRejectedAndWriteNothing() {
    PrefixMap<String> map = halves();
    int[] ids = {-1, -1};
    assertThatThrownBy(() -> map.longestMatchIds(new int[1], 2, ids))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> map.longestMatchIds(new int[3], 3, ids))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> map.longestMatchIds(new long[2], new long[1], 2, ids))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> map.longestMatchIds(new long[2], new long[2], -1, ids))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(ids).containsExactly(-1, -1);
  }
}
