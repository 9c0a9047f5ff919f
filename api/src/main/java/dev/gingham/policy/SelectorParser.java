package dev.gingham.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser for Calico's selector language. Precedence, tightest first: {@code !},
 * {@code &&}, {@code ||}. Strings are single- or double-quoted, without escapes. Not thread-safe;
 * one per parse.
 *
 * <pre>
 * or      = and { "||" and }
 * and     = unary { "&amp;&amp;" unary }
 * unary   = "!" unary | primary
 * primary = "(" or ")" | "all()" | "global()" | "has(" key ")"
 *         | key ( "==" | "!=" | "starts with" | "ends with" | "contains" ) string
 *         | key [ "not" ] "in" "{" [ string { "," string } ] "}"
 * key     = 1*( ALPHA / DIGIT / "_" / "." / "/" / "-" )
 * </pre>
 */
final class SelectorParser {
  /** Deeper nesting than this is refused, so that garbage cannot overflow the stack. */
  static final int MAX_DEPTH = 100;

  /** Longer text than this is refused. */
  static final int MAX_LENGTH = 64 * 1024;

  private final String text;
  private int pos;
  private int depth;

  private SelectorParser(String text) {
    this.text = text;
  }

  static SelectorNode parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new SelectorSyntaxException(
          text.substring(0, 64) + "...", 0, "at most " + MAX_LENGTH + " characters");
    }
    SelectorParser p = new SelectorParser(text);
    p.skipSpace();
    if (p.pos == text.length()) {
      return SelectorNode.all();
    }
    SelectorNode n = p.or();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("expected '&&', '||' or the end");
    }
    return n;
  }

  private SelectorNode or() {
    List<SelectorNode> operands = new ArrayList<>();
    operands.add(and());
    while (consume("||")) {
      operands.add(and());
    }
    return operands.size() == 1 ? operands.get(0) : SelectorNode.or(operands);
  }

  private SelectorNode and() {
    List<SelectorNode> operands = new ArrayList<>();
    operands.add(unary());
    while (consume("&&")) {
      operands.add(unary());
    }
    return operands.size() == 1 ? operands.get(0) : SelectorNode.and(operands);
  }

  private SelectorNode unary() {
    enter();
    try {
      skipSpace();
      if (peek() == '!' && !lookingAt("!=")) {
        pos++;
        return SelectorNode.not(unary());
      }
      return primary();
    } finally {
      depth--;
    }
  }

  private SelectorNode primary() {
    skipSpace();
    if (consume("(")) {
      SelectorNode n = or();
      expect(")", "expected ')'");
      return n;
    }
    int start = pos;
    String key = key();
    skipSpace();
    if (peek() == '(') {
      switch (key) {
        case "all":
          pos++;
          expect(")", "expected ')' after 'all('");
          return SelectorNode.all();
        case "global":
          pos++;
          expect(")", "expected ')' after 'global('");
          return SelectorNode.global();
        case "has":
          pos++;
          skipSpace();
          String k = key();
          expect(")", "expected ')' after the label key");
          return SelectorNode.has(k);
        default:
          pos = start;
          throw error("expected 'all()', 'global()' or 'has(key)', found '" + key + "('");
      }
    }
    if (consume("==")) {
      return SelectorNode.compare(SelectorNode.Op.EQ, key, string());
    }
    if (consume("!=")) {
      return SelectorNode.compare(SelectorNode.Op.NE, key, string());
    }
    if (word("in")) {
      return SelectorNode.in(key, set(), false);
    }
    if (word("not")) {
      if (!word("in")) {
        throw error("expected 'in' after 'not'");
      }
      return SelectorNode.in(key, set(), true);
    }
    if (word("starts")) {
      requireWord("with");
      return SelectorNode.compare(SelectorNode.Op.STARTS_WITH, key, string());
    }
    if (word("ends")) {
      requireWord("with");
      return SelectorNode.compare(SelectorNode.Op.ENDS_WITH, key, string());
    }
    if (word("contains")) {
      return SelectorNode.compare(SelectorNode.Op.CONTAINS, key, string());
    }
    throw error(
        "expected an operator after '"
            + key
            + "': ==, !=, in, not in, starts with, ends with or contains");
  }

  private String key() {
    skipSpace();
    int start = pos;
    while (pos < text.length() && isKeyChar(text.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw error(
          pos == text.length()
              ? "expected a label key, '(', '!', 'all()', 'global()' or 'has(', found the end"
              : "expected a label key, '(', '!', 'all()', 'global()' or 'has(', found '"
                  + text.charAt(pos)
                  + "'");
    }
    return text.substring(start, pos);
  }

  static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '/'
        || c == '-';
  }

  private List<String> set() {
    expect("{", "expected '{' to open the set of values");
    List<String> values = new ArrayList<>();
    skipSpace();
    if (consume("}")) {
      return values;
    }
    values.add(string());
    while (consume(",")) {
      values.add(string());
    }
    expect("}", "expected ',' or '}' in the set of values");
    return values;
  }

  private String string() {
    skipSpace();
    char q = peek();
    if (q != '"' && q != '\'') {
      throw error("expected a quoted string");
    }
    int end = text.indexOf(q, pos + 1);
    if (end < 0) {
      throw error("unterminated string: no closing " + q);
    }
    String s = text.substring(pos + 1, end);
    pos = end + 1;
    return s;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
  }

  private void requireWord(String w) {
    if (!word(w)) {
      throw error("expected '" + w + "'");
    }
  }

  /** Consumes a keyword that is not followed by a key character. */
  private boolean word(String w) {
    skipSpace();
    if (text.startsWith(w, pos)
        && (pos + w.length() == text.length() || !isKeyChar(text.charAt(pos + w.length())))) {
      pos += w.length();
      return true;
    }
    return false;
  }

  private boolean consume(String token) {
    skipSpace();
    if (text.startsWith(token, pos)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  private void expect(String token, String message) {
    if (!consume(token)) {
      throw error(message);
    }
  }

  private boolean lookingAt(String token) {
    return text.startsWith(token, pos);
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private SelectorSyntaxException error(String expected) {
    return new SelectorSyntaxException(text, pos, expected);
  }
}
