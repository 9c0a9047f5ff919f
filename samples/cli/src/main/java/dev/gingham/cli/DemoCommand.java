package dev.gingham.cli;

import dev.gingham.spi.dataplane.Dataplanes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gingham demo}: a three-node Gingham cluster on this machine. As root it runs on the kernel
 * ({@link DemoLinux}): node namespaces, a BIRD router, agent processes, pods, TCP between them and
 * a deny policy; otherwise, or with {@code --simulated}, the same scenario on the simulated
 * dataplane ({@link DemoSimulated}), and it says so. It cleans up after itself, on Ctrl-C too.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Build a three-node Gingham cluster on this machine (BGP mesh and a BIRD router, routes,"
            + " pods, TCP between them, a deny policy), show it working, and clean up.",
    footer = {
      "",
      "As root it uses network namespaces named gdemo-*, BIRD and iperf3; without root it runs the",
      "same scenario on the simulated dataplane.",
      "",
      "Examples:",
      "  sudo gingham demo",
      "  gingham demo --simulated",
    })
final class DemoCommand implements Callable<Integer> {
  /** The namespace of the demo's pods. */
  static final String NAMESPACE = "demo";

  @Spec CommandSpec spec;

  @Option(names = "--simulated", description = "Use the simulated dataplane even as root.")
  boolean simulated;

  @Override
  public Integer call() throws Exception {
    // The transcript is the demo's output; the library's INFO lines would bury it.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    PrintWriter out = spec.commandLine().getOut();
    DemoTranscript t = new DemoTranscript(out);
    boolean linux = !simulated && linuxAvailable();
    out.println(
        linux
            ? "gingham demo: a three-node cluster on network namespaces of this machine (as root)."
            : "gingham demo: a three-node cluster on the SIMULATED dataplane"
                + (simulated ? " (--simulated)." : " (not root, or no Linux dataplane here)."));
    int code;
    try {
      code = linux ? new DemoLinux(t).run() : new DemoSimulated(t).run();
    } catch (Exception e) {
      // Everything the demo made is gone by now (try-with-resources, or the Ctrl-C hook).
      out.printf(
          "%ngingham demo: stopped after %.1f s: %s%n",
          t.seconds(), e.getMessage() == null ? e.toString() : e.getMessage());
      out.flush();
      return ExitCodes.USAGE;
    }
    out.printf("%ngingham demo: finished in %.1f s%n", t.seconds());
    out.flush();
    return code;
  }

  private static boolean linuxAvailable() {
    return Dataplanes.providers().stream()
        .anyMatch(p -> p.name().equals("linux") && p.unavailableReason().isEmpty());
  }
}
