package dev.gingham.cli;

import dev.gingham.core.Resources;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.WriteResult;
import dev.gingham.spi.datastore.Datastore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gingham label}: sets or removes labels of a resource. */
@Command(
    name = "label",
    mixinStandardHelpOptions = true,
    description = {
      "Set labels (KEY=VALUE) or remove them (KEY-) on a resource. Changing the value of a label",
      "that is there needs --overwrite. Written only if nobody changed the resource meanwhile (else",
      "it is read and labelled again)."
    },
    footer = {
      "",
      "Examples:",
      "  gingham label node node-1 rack=a zone=eu-1",
      "  gingham label workloadendpoint web-1 -n prod app=web --overwrite",
      "  gingham label globalnetworkset partners team-",
    })
final class LabelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Mixin ResourceName resource;

  @Parameters(
      index = "2..*",
      arity = "1..*",
      paramLabel = "KEY=VALUE|KEY-",
      description = "Labels.")
  List<String> labels;

  @Option(names = "--overwrite", description = "Allow changing the value of an existing label.")
  boolean overwrite;

  @Override
  public Integer call() {
    ResourceId id = resource.id();
    LabelArguments args = LabelArguments.parse(labels);
    try (Datastore store = datastore.open()) {
      WriteResult.Action action =
          DocumentEdit.apply(
              Resources.store(store), id, "the labelled", doc -> label(doc, id, args));
      spec.commandLine()
          .getOut()
          .println(
              Names.of(id) + (action == WriteResult.Action.UNCHANGED ? " unchanged" : " labeled"));
      return ExitCodes.OK;
    }
  }

  /** The document with its labels changed; refuses to change a value without --overwrite. */
  private Map<String, Object> label(Map<String, Object> doc, ResourceId id, LabelArguments args) {
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) doc.get("metadata"));
    @SuppressWarnings("unchecked")
    Map<String, String> was = (Map<String, String>) meta.getOrDefault("labels", Map.of());
    Map<String, String> labels = new TreeMap<>(was);
    for (Map.Entry<String, String> e : args.set().entrySet()) {
      String old = was.get(e.getKey());
      if (old != null && !old.equals(e.getValue()) && !overwrite) {
        throw new CliException(
            ExitCodes.USAGE,
            Names.of(id)
                + " has label "
                + e.getKey()
                + "="
                + old
                + " already; give --overwrite to change it");
      }
      labels.put(e.getKey(), e.getValue());
    }
    labels.keySet().removeAll(args.remove());
    meta.put("labels", labels);
    Map<String, Object> out = new LinkedHashMap<>(doc);
    out.put("metadata", meta);
    return out;
  }
}
