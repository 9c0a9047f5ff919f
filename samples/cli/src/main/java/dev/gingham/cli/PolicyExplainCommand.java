package dev.gingham.cli;

import dev.gingham.core.Policies;
import dev.gingham.core.Resources;
import dev.gingham.net.IpAddress;
import dev.gingham.policy.Endpoint;
import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.policy.Packet;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Verdict;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.spi.datastore.Datastore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gingham policy explain}: reads policies and endpoints from YAML or JSON files (Calico's
 * projectcalico.org/v3 kinds, or Kubernetes NetworkPolicy, Namespace and Pod), evaluates one packet
 * with the reference evaluator, and prints the verdict with the tiers, policies and rules that
 * decided it.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explain the verdict of policy on one packet: allow or deny, with the tiers, policies and",
      "rules that decided it. The policy is the datastore's, or that of the files given."
    },
    footer = {
      "",
      "Endpoints are named NAMESPACE/NAME (workloads), host/NAME (host endpoints), or given as an",
      "address outside the model. Exit code 0 when allowed, 4 when denied, 2 for bad input.",
      "",
      "Examples:",
      "  gingham policy explain --from prod/web-1 --to prod/db-1 --port 5432",
      "  gingham policy explain -f cluster.yaml --from prod/web-1 --to prod/db-1 --port 5432",
      "  gingham policy explain -f k8s.yaml --from 198.51.100.7 --to x/a --protocol udp --port 53",
    })
final class PolicyExplainCommand implements Callable<Integer> {
  /** The packet was denied. */
  static final int DENIED = 4;

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = {
        "A YAML or JSON file of resources (repeatable; '---' separates documents). Without it,",
        "the resources of the datastore."
      })
  List<Path> files = new ArrayList<>();

  @Mixin DatastoreOption datastore;

  @Option(names = "--from", required = true, paramLabel = "ENDPOINT", description = "The sender.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ENDPOINT", description = "The receiver.")
  String to;

  @Option(
      names = "--protocol",
      defaultValue = "tcp",
      paramLabel = "PROTO",
      description = "tcp, udp, icmp, sctp or a number (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--port", defaultValue = "80", description = "Destination port, or ICMP type.")
  int port;

  @Option(
      names = "--source-port",
      defaultValue = "40000",
      description = "Source port, or ICMP code.")
  int sourcePort;

  @Option(
      names = "--interface-prefix",
      defaultValue = "gw",
      description = "Workload interface prefix for pods (default: ${DEFAULT-VALUE}).")
  String interfacePrefix;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      PolicyModel model;
      if (files.isEmpty()) {
        List<Resource<?>> resources = new ArrayList<>();
        try (Datastore store = datastore.open()) {
          ResourceStore rs = Resources.store(store);
          for (ResourceKind<?> k : ResourceKind.all()) {
            resources.addAll(rs.list(k, null).items());
          }
        }
        model = Policies.fromResources(resources);
      } else {
        List<Object> documents = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Path f : files) {
          sources.add(f.toString());
        }
        for (Documents.Document d : Documents.read(sources, GinghamCommand.root(spec).stdin)) {
          documents.add(d.tree());
        }
        model = Policies.readDocuments(documents, interfacePrefix);
      }
      Endpoint src = endpoint(model, from);
      Endpoint dst = endpoint(model, to);
      IpAddress s = address(src, from);
      IpAddress d = address(dst, to);
      Protocol p = Protocol.parse(protocol);
      Packet packet =
          p.isIcmp()
              ? new Packet(s, d, p, 0, 0, port, sourcePort)
              : new Packet(s, d, p, p.hasPorts() ? sourcePort : 0, p.hasPorts() ? port : 0, -1, -1);
      Verdict v = Policies.evaluator(model).evaluate(packet, src, dst);
      out.println(packet);
      out.print(v.explain());
      return v.allowed() ? ExitCodes.OK : DENIED;
    } catch (InvalidPolicyException e) {
      err.println("gingham: invalid resource: " + e.getMessage());
      return ExitCodes.VALIDATION;
    } catch (IllegalArgumentException e) {
      err.println("gingham: " + e.getMessage());
      return ExitCodes.USAGE;
    }
  }

  private static Endpoint endpoint(PolicyModel model, String ref) {
    int slash = ref.indexOf('/');
    if (slash < 0 || ref.contains(":") && !ref.startsWith("host/")) {
      return null;
    }
    String ns = ref.substring(0, slash);
    String name = ref.substring(slash + 1);
    for (Endpoint e : model.endpoints()) {
      boolean nsMatches = ns.equals("host") ? e.namespace() == null : ns.equals(e.namespace());
      if (nsMatches && e.name().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("no endpoint '" + ref + "' in the files");
  }

  private static IpAddress address(Endpoint e, String ref) {
    if (e == null) {
      return IpAddress.parse(ref);
    }
    if (e.addresses().isEmpty()) {
      throw new IllegalArgumentException(e.resource() + " has no address");
    }
    return e.addresses().get(0);
  }
}
