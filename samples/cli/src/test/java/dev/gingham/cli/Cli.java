package dev.gingham.cli;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code gingham} in process against one datastore, as a user would run it: on the in-memory
 * store (shared between the commands of a test), on a SQLite file or in etcd (both opened by URI
 * each time).
 */
final class Cli implements AutoCloseable {
  /** Which store the commands run on. */
  enum Store {
    MEMORY,
    SQLITE,
    /** A namespace of its own in the run's etcd: the test class needs {@link EtcdForCli}. */
    ETCD
  }

  /** What a command did. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private final Store kind;
  private final String uri;
  private final Datastore memory;

  Cli(Store kind, Path dir) {
    this.kind = kind;
    if (kind == Store.MEMORY) {
      this.uri = "memory:";
      this.memory = Datastores.open("memory:");
    } else if (kind == Store.SQLITE) {
      this.uri = "sqlite:" + dir.resolve("state.db");
      this.memory = null;
    } else {
      this.uri = EtcdForCli.freshUri();
      this.memory = null;
    }
  }

  /** The {@code --datastore} URI. */
  String uri() {
    return uri;
  }

  /** Runs a command with nothing on standard input. */
  Result run(String... args) {
    return runWithInput("", args);
  }

  /** Runs a command on the store: {@code --datastore} is added. */
  Result on(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--datastore");
    all.add(uri);
    return run(all.toArray(new String[0]));
  }

  /** Runs a command on the store with text on standard input. */
  Result onWithInput(String stdin, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--datastore");
    all.add(uri);
    return runWithInput(stdin, all.toArray(new String[0]));
  }

  Result runWithInput(String stdin, String... args) {
    StoreOpener opener =
        kind == Store.MEMORY
            ? u -> {
              if (u != null && !u.equals("memory:")) {
                return StoreOpener.DEFAULT.open(u);
              }
              return new SharedDatastore(memory);
            }
            : StoreOpener.DEFAULT;
    CommandLine cli =
        Main.commandLine(opener, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return new Result(code, out.toString(), err.toString());
  }

  /** The store itself, for a test to read or prepare; the test closes it. */
  Datastore open() {
    return kind == Store.MEMORY ? new SharedDatastore(memory) : Datastores.open(uri);
  }

  @Override
  public void close() {
    if (memory != null) {
      memory.close();
    }
  }
}
