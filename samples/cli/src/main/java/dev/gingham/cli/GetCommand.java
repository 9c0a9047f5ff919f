package dev.gingham.cli;

import dev.gingham.core.Resources;
import dev.gingham.policy.Selector;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.spi.datastore.Datastore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gingham get}: resources as a table, YAML, JSON or names. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Show resources of a kind: all of them (in one namespace, or every one with -A), or those",
      "named. A table by default; -o yaml and -o json give documents that apply reads back."
    },
    footer = {
      "",
      "Kinds: ipamconfigurations, ippools (pool), ipreservations, bgpconfigurations, bgppeers,",
      "nodes, tiers, profiles, globalnetworksets, networksets, globalnetworkpolicies (gnp),",
      "networkpolicies (np), hostendpoints (hep), workloadendpoints (wep); singular names work too.",
      "",
      "Examples:",
      "  gingham get ippools",
      "  gingham get ippool default-ipv4 -o yaml",
      "  gingham get networkpolicies -A -o wide",
      "  gingham get weps -n prod -l \"app == 'web'\"",
    })
final class GetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Parameters(index = "0", paramLabel = "KIND", description = "The kind of resource.")
  String kind;

  @Parameters(
      index = "1..*",
      arity = "0..*",
      paramLabel = "NAME",
      description = "Names, or NAMESPACE/NAME; all when none.")
  List<String> names = new ArrayList<>();

  @Mixin NamespaceOption namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Every namespace.")
  boolean allNamespaces;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "Only resources whose labels match, in Calico's selector syntax.")
  String selector;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "yaml, json, wide or name; a table when not given.")
  String output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output != null && !List.of("yaml", "json", "wide", "name").contains(output)) {
      throw new CliException(
          ExitCodes.USAGE, "-o must be yaml, json, wide or name, was '" + output + "'");
    }
    ResourceKind<?> k = ResourceKind.parse(kind);
    Selector filter = selector == null ? null : Selector.parse(selector);
    List<Resource<?>> found = new ArrayList<>();
    int missing = 0;
    try (Datastore store = datastore.open()) {
      ResourceStore resources = Resources.store(store);
      if (names.isEmpty()) {
        found.addAll(resources.list(k, allNamespaces ? null : namespace.namespace).items());
      } else {
        for (String name : names) {
          ResourceId id = Names.parse(k, name, namespace.namespace);
          Optional<? extends Resource<?>> r = resources.get(id.kind(), id.namespace(), id.name());
          if (r.isPresent()) {
            found.add(r.get());
          } else {
            err.println("gingham: " + id + " not found");
            missing++;
          }
        }
      }
    }
    if (filter != null) {
      found.removeIf(r -> !filter.matches(r.metadata().labels()));
    }
    print(out, err, k, found, !names.isEmpty() && names.size() == 1);
    return missing > 0 ? ExitCodes.USAGE : ExitCodes.OK;
  }

  private void print(
      PrintWriter out, PrintWriter err, ResourceKind<?> k, List<Resource<?>> found, boolean one) {
    if (output == null || output.equals("wide")) {
      if (found.isEmpty()) {
        if (names.isEmpty()) {
          err.println(
              "No "
                  + k.plural()
                  + " found"
                  + (k.namespaced() && !allNamespaces ? " in namespace " + namespace.namespace : "")
                  + ".");
        }
        return;
      }
      out.print(ResourceTables.of(k, found, output != null).render());
      return;
    }
    switch (output) {
      case "name":
        for (Resource<?> r : found) {
          out.println(Names.of(r.id()));
        }
        return;
      case "yaml":
        {
          List<Object> docs = new ArrayList<>();
          for (Resource<?> r : found) {
            docs.add(Resources.write(r, true));
          }
          out.print(Formats.yaml(docs));
          return;
        }
      default:
        if (one && found.size() == 1) {
          out.print(Formats.json(Resources.write(found.get(0), true)));
          return;
        }
        List<Object> items = new ArrayList<>();
        for (Resource<?> r : found) {
          items.add(Resources.write(r, true));
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", Resource.API_VERSION);
        list.put("kind", "List");
        list.put("items", items);
        out.print(Formats.json(list));
    }
  }
}
