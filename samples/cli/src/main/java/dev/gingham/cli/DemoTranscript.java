package dev.gingham.cli;

import java.io.PrintWriter;

/** The demo's transcript: numbered steps and indented detail, each line with the elapsed time. */
final class DemoTranscript {
  private final PrintWriter out;
  private final long start = System.nanoTime();

  DemoTranscript(PrintWriter out) {
    this.out = out;
  }

  private String stamp() {
    return String.format("[%5.1fs] ", (System.nanoTime() - start) / 1e9);
  }

  void step(String text) {
    out.println();
    out.println(stamp() + "== " + text);
    out.flush();
  }

  void line(String text) {
    out.println(stamp() + "   " + text);
    out.flush();
  }

  /** Several lines under the current step, each indented. */
  void block(String text) {
    for (String l : text.split("\n", -1)) {
      if (!l.isBlank()) {
        out.println("           " + l);
      }
    }
    out.flush();
  }

  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
