package dev.gingham.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham node status}: this node's BGP peers, read from its control socket. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show this node's BGP peers: address, type (mesh, global or node), state, since when and",
      "why the last session ended, read from the node agent's control socket (or from that of a",
      "'gingham bgp serve' speaker)."
    },
    footer = {
      "",
      "Examples:",
      "  gingham node status",
      "  gingham node status --socket /run/gingham/bgp.sock",
    })
final class NodeStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description = "The control socket (default: ${DEFAULT-VALUE}).")
  Path socket = Path.of(AgentProtocol.DEFAULT_SOCKET);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    AgentProtocol.Status status;
    try {
      status = AgentProtocol.status(socket);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.UNREACHABLE,
          "the node agent is not running: cannot reach its socket "
              + socket
              + ": "
              + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "the node agent answered: " + e.getMessage());
    }
    out.println(
        "Gingham is running on node "
            + status.node()
            + " (version "
            + status.version()
            + (status.asNumber() == null ? "" : ", AS " + status.asNumber())
            + ").");
    table(out, "IPv4", status.peers().stream().filter(AgentProtocol::isIpv4).toList());
    table(out, "IPv6", status.peers().stream().filter(p -> !AgentProtocol.isIpv4(p)).toList());
    return ExitCodes.OK;
  }

  private static void table(PrintWriter out, String family, List<AgentProtocol.Peer> peers) {
    out.println();
    out.println(family + " BGP peers");
    if (peers.isEmpty()) {
      out.println("None.");
      return;
    }
    Table t = new Table("PEER", "TYPE", "STATE", "SINCE", "INFO");
    for (AgentProtocol.Peer p : peers) {
      t.row(p.address(), p.type(), p.state(), p.since(), p.info());
    }
    out.print(t.render());
  }
}
