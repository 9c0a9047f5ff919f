package dev.gingham.dataplane.linux.nft;

import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import dev.gingham.spi.dataplane.filter.FilterTransaction.Operation;
import dev.gingham.spi.dataplane.filter.FilterTransaction.Verb;
import java.util.ArrayList;
import java.util.List;

/**
 * A transaction as an {@code nft -f} script: one command per line, the table added first. Runs of
 * element additions or deletions on one set become one command, which is what keeps a program with
 * tens of thousands of elements quick to load. The same transaction always gives the same text.
 */
public final class NftScript {
  private final String text;

  /** For each line of the text, the index of the first operation it carries. */
  private final int[] lineOperation;

  private NftScript(String text, int[] lineOperation) {
    this.text = text;
    this.lineOperation = lineOperation;
  }

  /** The script of a transaction. */
  public static NftScript of(FilterTransaction tx) {
    String t = tx.family().keyword() + " " + tx.table();
    StringBuilder s = new StringBuilder();
    List<Integer> lines = new ArrayList<>();
    s.append("add table ").append(t).append('\n');
    lines.add(-1);
    List<Operation> ops = tx.operations();
    for (int i = 0; i < ops.size(); ) {
      Operation op = ops.get(i);
      lines.add(i);
      if (op.object() instanceof FilterObject.Element
          && (op.verb() == Verb.ADD || op.verb() == Verb.CREATE || op.verb() == Verb.DELETE)) {
        FilterObject.Element first = (FilterObject.Element) op.object();
        s.append(verb(op.verb())).append(" element ").append(t).append(' ');
        s.append(first.container()).append(" { ");
        int j = i;
        while (j < ops.size()
            && ops.get(j).verb() == op.verb()
            && ops.get(j).object() instanceof FilterObject.Element
            && ((FilterObject.Element) ops.get(j).object()).container().equals(first.container())) {
          FilterObject.Element e = (FilterObject.Element) ops.get(j).object();
          s.append(j == i ? "" : ", ").append(e.key());
          if (e.value() != null && op.verb() != Verb.DELETE) {
            s.append(" : ").append(e.value());
          }
          j++;
        }
        s.append(" }\n");
        i = j;
        continue;
      }
      line(s, t, op);
      s.append('\n');
      i++;
    }
    return new NftScript(s.toString(), lines.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void line(StringBuilder s, String t, Operation op) {
    FilterObject o = op.object();
    if (o instanceof FilterObject.Chain) {
      FilterObject.Chain c = (FilterObject.Chain) o;
      s.append(verb(op.verb())).append(" chain ").append(t).append(' ').append(c.name());
      if ((op.verb() == Verb.ADD || op.verb() == Verb.CREATE)
          && (c.hook() != null || c.comment() != null)) {
        s.append(" {");
        if (c.hook() != null) {
          FilterObject.Hook h = c.hook();
          s.append(" type ").append(h.type()).append(" hook ").append(h.hook());
          s.append(" priority ").append(h.priority()).append(" ; policy ").append(h.policy());
          s.append(" ;");
        }
        if (c.comment() != null) {
          s.append(" comment \"").append(c.comment()).append("\" ;");
        }
        s.append(" }");
      }
    } else if (o instanceof FilterObject.Rule) {
      FilterObject.Rule r = (FilterObject.Rule) o;
      s.append(verb(op.verb())).append(" rule ").append(t).append(' ').append(r.chain());
      if (op.verb() == Verb.REPLACE || op.verb() == Verb.DELETE) {
        s.append(" handle ").append(r.handle().getAsLong());
      }
      if (op.verb() != Verb.DELETE) {
        s.append(' ').append(r.body());
        if (r.comment() != null) {
          s.append(" comment \"").append(r.comment()).append('"');
        }
      }
    } else if (o instanceof FilterObject.NamedSet) {
      FilterObject.NamedSet set = (FilterObject.NamedSet) o;
      s.append(verb(op.verb())).append(" set ").append(t).append(' ').append(set.name());
      if (op.verb() == Verb.ADD || op.verb() == Verb.CREATE) {
        s.append(" { type ").append(set.type()).append(" ;");
        if (!set.flags().isEmpty()) {
          s.append(" flags ").append(String.join(",", set.flags())).append(" ;");
        }
        if (set.comment() != null) {
          s.append(" comment \"").append(set.comment()).append("\" ;");
        }
        s.append(" }");
      }
    } else if (o instanceof FilterObject.NamedMap) {
      FilterObject.NamedMap m = (FilterObject.NamedMap) o;
      s.append(verb(op.verb())).append(" map ").append(t).append(' ').append(m.name());
      if (op.verb() == Verb.ADD || op.verb() == Verb.CREATE) {
        s.append(" { type ").append(m.keyType()).append(" : ").append(m.valueType()).append(" ;");
        if (!m.flags().isEmpty()) {
          s.append(" flags ").append(String.join(",", m.flags())).append(" ;");
        }
        if (m.comment() != null) {
          s.append(" comment \"").append(m.comment()).append("\" ;");
        }
        s.append(" }");
      }
    } else {
      throw new IllegalArgumentException(op.verb() + " does not apply to " + o);
    }
  }

  private static String verb(Verb v) {
    switch (v) {
      case ADD:
        return "add";
      case CREATE:
        return "create";
      case INSERT:
        return "insert";
      case REPLACE:
        return "replace";
      case FLUSH:
        return "flush";
      default:
        return "delete";
    }
  }

  /** The script. */
  public String text() {
    return text;
  }

  /** Whether the transaction has no operation (the script only adds the table). */
  public boolean isEmpty() {
    return lineOperation.length == 1;
  }

  /** The index of the operation on a 1-based line, or -1 for the table line or out of range. */
  public int operationAt(int line) {
    return line >= 1 && line <= lineOperation.length ? lineOperation[line - 1] : -1;
  }

  @Override
  public String toString() {
    return text;
  }
}
