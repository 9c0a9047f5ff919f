package dev.gingham.ipam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node selector of a pool: which hosts may take blocks from it, by their labels.
 *
 * <p>This is a stand-in for the selector language of the policy issue, which will replace it: it
 * accepts exactly {@code all()} and a conjunction ({@code &&}) of {@code key == 'value'} and {@code
 * key in {'a', 'b'}} terms, with values in single or double quotes. Keys are label keys: a letter
 * or digit, then letters, digits and {@code -_./}. Every selector this parser accepts means the
 * same in the full language, so pools written today keep their meaning.
 *
 * <p>Immutable and thread-safe. {@link #toString()} is canonical: {@code parse(s.toString())}
 * equals {@code s}.
 */
final class NodeSelector {
  /** The longest selector text. */
  static final int MAX_LENGTH = 4096;

  /** The selector that selects every host. */
  static final NodeSelector ALL = new NodeSelector(List.of());

  private final List<Term> terms;

  private NodeSelector(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  /**
   * Parses a selector.
   *
   * @throws IllegalArgumentException if the text is not a selector this parser accepts; the message
   *     quotes it and says where and why
   */
  static NodeSelector parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("node selector must not be null; use all()");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "node selector is "
              + text.length()
              + " characters, more than the limit of "
              + MAX_LENGTH);
    }
    return new Parser(text).selector();
  }

  /** Whether a host with these labels is selected. */
  boolean matches(Map<String, String> labels) {
    for (Term term : terms) {
      String value = labels.get(term.key);
      if (value == null || !term.values.contains(value)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this selects every host. */
  boolean selectsAll() {
    return terms.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeSelector && ((NodeSelector) o).terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }

  /** The canonical text, such as {@code all()} or {@code zone == 'a' && rack in {'1', '2'}}. */
  @Override
  public String toString() {
    if (terms.isEmpty()) {
      return "all()";
    }
    StringBuilder out = new StringBuilder();
    for (Term term : terms) {
      if (out.length() > 0) {
        out.append(" && ");
      }
      out.append(term);
    }
    return out.toString();
  }

  /** {@code key == v} (one value) or {@code key in {v...}}: the key's value is one of these. */
  private static final class Term {
    final String key;
    final Set<String> values;
    private final List<String> ordered; // the values in the order written, for the canonical text
    private final boolean in;

    Term(String key, Set<String> values, boolean in) {
      this.key = key;
      this.values = Set.copyOf(values);
      this.ordered = List.copyOf(values);
      this.in = in;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Term
          && ((Term) o).key.equals(key)
          && ((Term) o).in == in
          && ((Term) o).ordered.equals(ordered);
    }

    @Override
    public int hashCode() {
      return key.hashCode() * 31 + ordered.hashCode();
    }

    @Override
    public String toString() {
      if (!in) {
        return key + " == " + quote(ordered.get(0));
      }
      StringBuilder out = new StringBuilder(key).append(" in {");
      for (int i = 0; i < ordered.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(quote(ordered.get(i)));
      }
      return out.append('}').toString();
    }

    private static String quote(String value) {
      return value.indexOf('\'') >= 0 ? '"' + value + '"' : '\'' + value + '\'';
    }
  }

  /** A recursive-descent parser over the text; one instance per parse. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    NodeSelector selector() {
      skipSpace();
      if (text.startsWith("all", pos)) {
        int save = pos;
        pos += 3;
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '(') {
          pos++;
          skipSpace();
          expect(')', "')' to close all(");
          skipSpace();
          if (pos != text.length()) {
            throw fail("nothing may follow all()");
          }
          return ALL;
        }
        pos = save; // "all" was the start of a label key such as "allowed".
      }
      List<Term> terms = new ArrayList<>();
      terms.add(term());
      skipSpace();
      while (pos < text.length()) {
        if (!text.startsWith("&&", pos)) {
          throw fail("expected '&&' or the end");
        }
        pos += 2;
        skipSpace();
        terms.add(term());
        skipSpace();
      }
      return new NodeSelector(terms);
    }

    private Term term() {
      String key = key();
      skipSpace();
      if (text.startsWith("==", pos)) {
        pos += 2;
        skipSpace();
        return new Term(key, Set.of(string()), false);
      }
      if (text.startsWith("in", pos)) {
        pos += 2;
        skipSpace();
        expect('{', "'{' after 'in'");
        Set<String> values = new LinkedHashSet<>();
        skipSpace();
        values.add(string());
        skipSpace();
        while (pos < text.length() && text.charAt(pos) == ',') {
          pos++;
          skipSpace();
          values.add(string());
          skipSpace();
        }
        expect('}', "',' or '}'");
        return new Term(key, values, true);
      }
      if (text.startsWith("!=", pos)
          || text.startsWith("not", pos)
          || text.startsWith("has", pos)) {
        throw fail("only ==, 'in' and && are supported until the policy selector language lands");
      }
      throw fail("expected '==' or 'in' after label key '" + key + "'");
    }

    private String key() {
      int start = pos;
      if (pos < text.length() && isKeyStart(text.charAt(pos))) {
        pos++;
        while (pos < text.length() && isKeyPart(text.charAt(pos))) {
          pos++;
        }
      }
      if (pos == start) {
        throw fail(pos == text.length() ? "expected a label key" : "expected a label key or all()");
      }
      return text.substring(start, pos);
    }

    private String string() {
      if (pos >= text.length()) {
        throw fail("expected a quoted value");
      }
      char quote = text.charAt(pos);
      if (quote != '\'' && quote != '"') {
        throw fail("expected a value in single or double quotes");
      }
      int end = text.indexOf(quote, pos + 1);
      if (end < 0) {
        throw fail("unterminated quoted value");
      }
      String value = text.substring(pos + 1, end);
      for (int i = 0; i < value.length(); i++) {
        if (Character.isISOControl(value.charAt(i))) {
          pos = pos + 1 + i;
          throw fail("control character in a quoted value");
        }
      }
      pos = end + 1;
      return value;
    }

    private void expect(char c, String what) {
      if (pos >= text.length() || text.charAt(pos) != c) {
        throw fail("expected " + what);
      }
      pos++;
    }

    private void skipSpace() {
      while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private static boolean isKeyStart(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isKeyPart(char c) {
      return isKeyStart(c) || c == '-' || c == '_' || c == '.' || c == '/';
    }

    private IllegalArgumentException fail(String why) {
      String found =
          pos < text.length() ? "found " + IpamNames.describe(text.charAt(pos)) : "found the end";
      return new IllegalArgumentException(
          "malformed node selector '"
              + IpamNames.printable(text)
              + "' at index "
              + pos
              + ": "
              + why
              + ", "
              + found);
    }
  }
}
