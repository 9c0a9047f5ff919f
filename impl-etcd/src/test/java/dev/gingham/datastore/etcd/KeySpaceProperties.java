package dev.gingham.datastore.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.Keys;
import io.etcd.jetcd.ByteSequence;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the namespace mapping: invisible, exact, and confined. */
class KeySpaceProperties {

  @Property(tries = 1_000)
  void aKeyComesBackAsItWent(@ForAll("namespaces") String namespace, @ForAll("keys") String key) {
    KeySpace space = new KeySpace(namespace);

    assertThat(space.decode(space.key(key))).isEqualTo(key);
  }

  @Property(tries = 2_000)
  void aKeyLiesInAPrefixRangeExactlyWhenItHasThePrefix(
      @ForAll("namespaces") String namespace,
      @ForAll("keys") String key,
      @ForAll("prefixes") String prefix) {
    KeySpace space = new KeySpace(namespace);

    boolean inRange = inRange(space.key(key), space.rangeStart(prefix), space.rangeEnd(prefix));

    assertThat(inRange).isEqualTo(key.startsWith(prefix));
  }

  @Property(tries = 1_000)
  void theEmptyPrefixCoversTheNamespaceAndNothingElse(
      @ForAll("namespaces") String namespace, @ForAll("keys") String key) {
    Assume.that(!namespace.isEmpty());
    KeySpace space = new KeySpace(namespace);
    ByteSequence outside = ByteSequence.from(Keys.utf8(key));

    assertThat(inRange(space.key(key), space.rangeStart(""), space.rangeEnd(""))).isTrue();
    assertThat(inRange(outside, space.rangeStart(""), space.rangeEnd("")))
        .isEqualTo(key.startsWith(namespace));
  }

  @Property(tries = 1_000)
  void markersLieOutsideEveryPrefixRange(
      @ForAll("namespaces") String namespace,
      @ForAll("prefixes") String prefix,
      @ForAll("keys") String name) {
    KeySpace space = new KeySpace(namespace);

    assertThat(inRange(space.marker(name), space.rangeStart(prefix), space.rangeEnd(prefix)))
        .isFalse();
  }

  @Property(tries = 1_000)
  void aPageStartsAfterItsStartAfterKeyAndNotBeforeThePrefix(
      @ForAll("namespaces") String namespace,
      @ForAll("prefixes") String prefix,
      @ForAll("keys") String after,
      @ForAll("keys") String key) {
    KeySpace space = new KeySpace(namespace);
    byte[] start = space.pageStart(prefix, after).getBytes();
    byte[] k = space.key(key).getBytes();

    boolean onPage =
        Arrays.compareUnsigned(k, start) >= 0
            && inRange(space.key(key), space.rangeStart(prefix), space.rangeEnd(prefix));

    assertThat(onPage).isEqualTo(key.startsWith(prefix) && Keys.compare(key, after) > 0);
    if (space.pageIsEmpty(prefix, after)) {
      assertThat(onPage).isFalse();
    }
  }

  @Property(tries = 1_000)
  void bytesFromOutsideAreRefusedWithADatastoreException(
      @ForAll("namespaces") String namespace, @ForAll byte[] raw) {
    KeySpace space = new KeySpace(namespace);
    try {
      String key = space.decode(ByteSequence.from(raw));
      assertThat(space.key(key).getBytes()).isEqualTo(raw);
    } catch (DatastoreException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static boolean inRange(ByteSequence key, ByteSequence start, ByteSequence end) {
    byte[] k = key.getBytes();
    byte[] s = start.getBytes();
    byte[] e = end.getBytes();
    boolean afterStart = Arrays.equals(s, new byte[] {0}) || Arrays.compareUnsigned(k, s) >= 0;
    boolean beforeEnd = Arrays.compareUnsigned(k, e) < 0;
    return afterStart && beforeEnd;
  }

  @Provide
  Arbitrary<String> namespaces() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "/gingham/", "/g", "é", "\uFFFF", "😀/"),
        Arbitraries.strings().withChars("ab/\u00ff\uFFFF").ofMaxLength(4));
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.strings()
        .withChars("ab/\u0000\u00e9\uFFFF")
        .withCharRange('\uD83D', '\uD83D')
        .ofMinLength(1)
        .ofMaxLength(6)
        .filter(KeySpaceProperties::wellFormed)
        .injectDuplicates(0.2);
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.oneOf(
            Arbitraries.just(""), keys().map(k -> k.substring(0, Math.max(1, k.length() / 2))))
        .filter(KeySpaceProperties::wellFormed);
  }

  private static boolean wellFormed(String s) {
    try {
      Keys.requireValidPrefix(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
