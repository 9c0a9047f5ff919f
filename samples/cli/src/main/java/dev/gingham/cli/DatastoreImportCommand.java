package dev.gingham.cli;

import dev.gingham.core.Resources;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham datastore import}: an export, into an empty store, verified. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Read an export and write it into an empty store: every document is checked first, then the",
      "resources are written in dependency order (keeping their uids and creation times) and the",
      "IPAM records as they are, with progress on standard error for large stores. Afterwards the",
      "store is read back and compared with the file: every kind's count and every record's bytes."
    },
    footer = {
      "",
      "Examples:",
      "  gingham datastore import < backup.yaml",
      "  gingham datastore import --datastore etcd://10.0.0.1:2379 -f backup.yaml",
    })
final class DatastoreImportCommand implements Callable<Integer> {
  /** How many resources one write carries, which progress is reported by. */
  static final int RESOURCES_PER_WRITE = 500;

  /** How many records one transaction carries: a put and a compare each. */
  static final int RECORDS_PER_TXN = 60;

  /** Above this many items, progress is reported. */
  static final int PROGRESS_THRESHOLD = 1000;

  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE|-",
      defaultValue = "-",
      description = "The export to read (default: standard input).")
  String file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Resource<?>> resources = new ArrayList<>();
    List<Backup.Record> records = new ArrayList<>();
    List<String> mistakes = new ArrayList<>();
    Set<ResourceId> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (Documents.Document d : Documents.read(List.of(file), GinghamCommand.root(spec).stdin)) {
      try {
        if (Backup.isRecord(d.tree())) {
          Backup.Record r = Backup.record((Map<?, ?>) d.tree(), d.source());
          if (!keys.add(r.key())) {
            throw new InvalidResourceException(
                d.source(), Backup.RECORD, "key", "'" + r.key() + "' is given twice");
          }
          records.add(r);
        } else {
          for (Resource<?> r : Resources.read(d.tree(), d.source())) {
            if (!ids.add(r.id())) {
              throw new InvalidResourceException(
                  d.source(), r.id().toString(), "metadata.name", "given twice");
            }
            resources.add(r);
          }
        }
      } catch (InvalidResourceException e) {
        mistakes.add(e.getMessage());
      }
    }
    if (!mistakes.isEmpty()) {
      for (String m : mistakes.subList(0, Math.min(ResourceFiles.MAX_REPORTED, mistakes.size()))) {
        err.println("gingham: " + m);
      }
      throw new CliException(
          ExitCodes.VALIDATION, mistakes.size() + " invalid documents; nothing was imported");
    }
    int total = resources.size() + records.size();
    boolean progress = total > PROGRESS_THRESHOLD;
    try (Datastore store = datastore.open()) {
      List<KeyValue> present = store.list(Backup.ROOT, "", 1).items();
      if (!present.isEmpty()) {
        throw new CliException(
            ExitCodes.USAGE,
            "the datastore is not empty (it holds "
                + present.get(0).key()
                + "); import only into an empty store");
      }
      ResourceStore resourceStore = Resources.store(store);
      int done = 0;
      for (int from = 0; from < resources.size(); from += RESOURCES_PER_WRITE) {
        List<ResourceChange> changes = new ArrayList<>();
        for (Resource<?> r :
            resources.subList(from, Math.min(resources.size(), from + RESOURCES_PER_WRITE))) {
          changes.add(ResourceChange.restore(r));
        }
        resourceStore.write(changes);
        done += changes.size();
        if (progress) {
          err.println("gingham: imported " + done + " of " + total);
          err.flush();
        }
      }
      for (int from = 0; from < records.size(); ) {
        Txn.Builder txn = Txn.builder();
        long bytes = 0;
        int to = from;
        while (to < records.size()
            && to - from < RECORDS_PER_TXN
            && bytes + size(records.get(to)) <= Datastore.MAX_TXN_BYTES) {
          Backup.Record r = records.get(to);
          txn.compare(Compare.absent(r.key())).onSuccess(Op.put(r.key(), r.value()));
          bytes += size(r);
          to++;
        }
        if (!store.txn(txn.build()).succeeded()) {
          throw new CliException(
              ExitCodes.USAGE,
              "another writer wrote into the store while it was imported; "
                  + done
                  + " of "
                  + total
                  + " items are written");
        }
        done += to - from;
        from = to;
        if (progress) {
          err.println("gingham: imported " + done + " of " + total);
          err.flush();
        }
      }
      return verify(store, resourceStore, resources, records, out);
    }
  }

  private static long size(Backup.Record r) {
    return Keys.utf8(r.key()).length + (long) r.value().length;
  }

  /** Reads the store back and compares it with the file; prints the counts. */
  private static int verify(
      Datastore store,
      ResourceStore resourceStore,
      List<Resource<?>> resources,
      List<Backup.Record> records,
      PrintWriter out) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    boolean ok = true;
    for (ResourceKind<?> k : ResourceKind.all()) {
      int inFile = 0;
      for (Resource<?> r : resources) {
        if (r.kind() == k) {
          inFile++;
        }
      }
      int inStore = resourceStore.list(k, null).items().size();
      if (inFile > 0 || inStore > 0) {
        counts.put(k.name(), new int[] {inFile, inStore});
      }
      ok &= inFile == inStore;
    }
    int same = 0;
    for (Backup.Record r : records) {
      Optional<KeyValue> kv = store.get(r.key());
      if (kv.isPresent() && kv.get().valueEquals(r.value())) {
        same++;
      }
    }
    counts.put("other records", new int[] {records.size(), same});
    ok &= same == records.size();
    Table t = new Table("WHAT", "IN FILE", "IN STORE");
    counts.forEach((what, n) -> t.row(what, n[0], n[1]));
    out.print(t.render());
    if (!ok) {
      throw new CliException(
          ExitCodes.USAGE, "the store does not hold what the file does; see the counts above");
    }
    out.println("Imported and verified " + (resources.size() + records.size()) + " items.");
    return ExitCodes.OK;
  }
}
