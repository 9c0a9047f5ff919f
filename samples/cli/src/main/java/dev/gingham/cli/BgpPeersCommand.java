package dev.gingham.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gingham bgp peers}: the peers of a running speaker, their state and counters. */
@Command(
    name = "peers",
    mixinStandardHelpOptions = true,
    description = "List the peers of a running speaker with their state, uptime and prefix counts.",
    footer = {
      "",
      "Examples:",
      "  gingham bgp peers",
      "  gingham bgp peers --socket /tmp/bgp.sock -o json",
    })
final class BgpPeersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BgpClientOptions options;

  @Override
  public Integer call() {
    JsonNode peers =
        options.request(
            BgpControl.JSON.createObjectNode().put("op", "peers"), spec.commandLine().getErr());
    if (peers == null) {
      return options.failure;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.json()) {
      out.println(peers.toPrettyString());
      return ExitCodes.OK;
    }
    out.printf(
        "%-40s %-10s %-12s %-10s %8s %8s %8s%n",
        "PEER", "AS", "STATE", "UPTIME", "RCVD", "ACCEPTED", "ADVERT");
    for (JsonNode p : peers) {
      out.printf(
          "%-40s %-10s %-12s %-10s %8d %8d %8d%n",
          p.get("address").asText(),
          p.get("as").asText(),
          p.get("state").asText(),
          uptime(p.get("uptimeSeconds").asLong()),
          p.get("prefixesReceived").asInt(),
          p.get("prefixesAccepted").asInt(),
          p.get("prefixesAdvertised").asInt());
    }
    return ExitCodes.OK;
  }

  static String uptime(long seconds) {
    if (seconds == 0) {
      return "-";
    }
    return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
