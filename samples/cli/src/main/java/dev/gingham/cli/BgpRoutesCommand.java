package dev.gingham.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham bgp routes}: the Loc-RIB, or one peer's Adj-RIB-In, of a running speaker. */
@Command(
    name = "routes",
    mixinStandardHelpOptions = true,
    description = "List the best routes of a running speaker, or what one peer sent.",
    footer = {
      "",
      "Examples:",
      "  gingham bgp routes",
      "  gingham bgp routes --peer 192.0.2.2 --prefix 10.0.0.0/8 -o json",
    })
final class BgpRoutesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BgpClientOptions options;

  @Option(
      names = "--peer",
      paramLabel = "ADDRESS",
      description = "Show this peer's Adj-RIB-In instead of the Loc-RIB.")
  String peer;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description = "Only routes within this prefix.")
  String prefix;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ObjectNode request = BgpControl.JSON.createObjectNode().put("op", "routes");
    try {
      if (peer != null) {
        request.put("peer", IpAddress.parse(peer).toString());
      }
      if (prefix != null) {
        request.put("prefix", IpPrefix.parse(prefix).toString());
      }
    } catch (IllegalArgumentException e) {
      err.println("gingham: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    JsonNode routes = options.request(request, err);
    if (routes == null) {
      return options.failure;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.json()) {
      out.println(routes.toPrettyString());
      return ExitCodes.OK;
    }
    out.printf("%-43s %-40s %-40s %s%n", "PREFIX", "NEXT HOP", "FROM", "AS PATH / ATTRIBUTES");
    for (JsonNode r : routes) {
      StringBuilder attrs = new StringBuilder(r.get("asPath").asText());
      attrs
          .append(attrs.length() > 0 ? " " : "")
          .append(r.get("origin").asText().toLowerCase(java.util.Locale.ROOT));
      if (r.has("localPref")) {
        attrs.append(" local-pref ").append(r.get("localPref").asLong());
      }
      if (r.has("med")) {
        attrs.append(" med ").append(r.get("med").asLong());
      }
      for (JsonNode c : r.get("communities")) {
        attrs.append(" (").append(c.asText()).append(')');
      }
      if (r.get("stale").asBoolean()) {
        attrs.append(" stale");
      }
      out.printf(
          "%-43s %-40s %-40s %s%n",
          r.get("prefix").asText(), r.get("nextHop").asText(), r.get("from").asText(), attrs);
    }
    return ExitCodes.OK;
  }
}
