package dev.gingham.cni.plugin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.cni.config.DatastoreProbe;
import dev.gingham.cni.config.NetConf;
import dev.gingham.cni.config.NetConfParser;
import dev.gingham.cni.spec.CniCommand;
import dev.gingham.cni.spec.CniEnvironment;
import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.CniResult;
import dev.gingham.cni.spec.CniVersion;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.cni.spec.ResultCodec;
import dev.gingham.core.JsonTrees;
import dev.gingham.ipam.ConflictException;
import dev.gingham.ipam.IpamException;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs one plugin invocation as libcni's skel does: checks the environment, reads the configuration
 * from stdin, gates commands by version (CHECK from 0.4.0, STATUS and GC from 1.1.0), runs the
 * command, and writes the result (ADD), the versions (VERSION) or the error JSON on stdout. Logs go
 * to stderr and the configured log file.
 *
 * <p>Exit status 0 on success, 1 on error, as the specification asks. Every failure becomes error
 * JSON with a code: the specification's own, or Gingham's from 100 (datastore 101, no address 102,
 * dataplane 104; anything unexpected 100).
 */
public final class Skel {
  private Skel() {}

  /**
   * Runs an invocation.
   *
   * @return the exit status
   */
  public static int run(
      PluginKind kind,
      Map<String, String> processEnv,
      InputStream stdin,
      PrintStream stdout,
      PrintStream stderr) {
    return run(kind, processEnv, stdin, stdout, stderr, null);
  }

  /**
   * Runs an invocation on a store and dataplane kept open across invocations (the delegate
   * server's), or, with {@code shared} null, on its own as {@link #run(PluginKind, Map,
   * InputStream, PrintStream, PrintStream)} does. The host's IPAM lock is taken either way, so that
   * delegated and direct invocations can run side by side.
   *
   * @return the exit status
   */
  public static int run(
      PluginKind kind,
      Map<String, String> processEnv,
      InputStream stdin,
      PrintStream stdout,
      PrintStream stderr,
      @Nullable SharedBackend shared) {
    PluginLog log = new PluginLog(stderr, kind.executable());
    CniVersion version = CniVersion.LATEST;
    @Nullable Opening<Dataplane> ahead = null;
    Backend.@Nullable StoreAhead storeAhead = null;
    try {
      CniEnvironment env = CniEnvironment.from(processEnv);
      if (shared == null && kind == PluginKind.GINGHAM && touchesKernel(env.command())) {
        // Opening the dataplane needs nothing from the configuration: it overlaps its parsing.
        ahead = Backend.openDataplaneAhead();
      }
      if (env.command() == CniCommand.VERSION) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("cniVersion", CniVersion.LATEST.toString());
        CniVersion.SUPPORTED.forEach(v -> o.withArray("supportedVersions").add(v.toString()));
        stdout.println(JsonTrees.toJson(o));
        return 0;
      }
      byte[] input = readBounded(stdin);
      if (shared == null && touchesKernel(env.command())) {
        // The store is on ADD's critical path (IPAM comes first): one cheap pass finds its URI so
        // that it opens while the configuration is read whole. The backend checks it is the one.
        Optional<DatastoreProbe.Hint> hint = DatastoreProbe.probe(input, kind.mode());
        if (hint.isPresent()) {
          storeAhead = Backend.openStoreAhead(hint.get().uri(), log);
        }
      }
      NetConf conf = NetConfParser.parse(input, kind.mode());
      version = conf.cniVersion();
      log.configure(conf.logLevel(), conf.logFile());
      requireVersionAllows(env.command(), version);
      log.debug(env.command() + " " + env.containerId() + " " + env.ifname() + " " + env.netns());
      Opening<Dataplane> handed = ahead;
      Backend.StoreAhead handedStore = storeAhead;
      ahead = null;
      storeAhead = null;
      try (Backend backend =
          new Backend(
              kind == PluginKind.GINGHAM ? conf.datastore() : conf.ipamDatastore(),
              log,
              shared,
              handed,
              handedStore)) {
        Invocation inv = new Invocation(env, conf, log, backend, processEnv);
        CniResult result = dispatch(kind, env.command(), inv);
        if (result != null) {
          stdout.println(JsonTrees.toJson(ResultCodec.encode(result, version)));
        }
      }
      return 0;
    } catch (CniException e) {
      return fail(stdout, log, version, e);
    } catch (RuntimeException e) {
      return fail(stdout, log, version, translate(e));
    } finally {
      if (ahead != null) {
        ahead.discard();
      }
      if (storeAhead != null) {
        storeAhead.opening().discard();
      }
    }
  }

  /**
   * Whether the command works on the kernel (for the main plugin) and the store, so that they can
   * open early.
   */
  private static boolean touchesKernel(CniCommand command) {
    return command == CniCommand.ADD || command == CniCommand.DEL || command == CniCommand.CHECK;
  }

  private static @Nullable CniResult dispatch(PluginKind kind, CniCommand command, Invocation inv) {
    boolean main = kind == PluginKind.GINGHAM;
    switch (command) {
      case ADD:
        return main ? MainPlugin.add(inv) : IpamPlugin.add(inv);
      case DEL:
        if (main) {
          MainPlugin.del(inv);
        } else {
          IpamPlugin.del(inv);
        }
        return null;
      case CHECK:
        if (main) {
          MainPlugin.check(inv);
        } else {
          IpamPlugin.check(inv);
        }
        return null;
      case STATUS:
        HostCommands.status(inv);
        return null;
      case GC:
        if (main) {
          MainPlugin.gc(inv);
        } else {
          IpamPlugin.gc(inv);
        }
        return null;
      default:
        throw new CniException(ErrorCodes.INVALID_ENVIRONMENT, "unknown CNI_COMMAND " + command);
    }
  }

  private static void requireVersionAllows(CniCommand command, CniVersion version) {
    CniVersion needed = null;
    if (command == CniCommand.CHECK) {
      needed = CniVersion.V0_4_0;
    } else if (command == CniCommand.STATUS || command == CniCommand.GC) {
      needed = CniVersion.V1_1_0;
    }
    if (needed != null && !version.atLeast(needed)) {
      throw new CniException(
          ErrorCodes.INCOMPATIBLE_VERSION,
          "config version \""
              + version
              + "\" does not allow "
              + command
              + " (needs "
              + needed
              + " or later)");
    }
  }

  /** A failure from an engine as the error the runtime sees. */
  static CniException translate(RuntimeException e) {
    if (e instanceof DatastoreUnavailableException) {
      return new CniException(
          ErrorCodes.TRY_AGAIN_LATER, "datastore unavailable: " + e.getMessage(), e);
    }
    if (e instanceof DatastoreException) {
      return new CniException(ErrorCodes.DATASTORE, "datastore: " + e.getMessage(), e);
    }
    if (e instanceof ConflictException) {
      return new CniException(ErrorCodes.TRY_AGAIN_LATER, "IPAM conflict: " + e.getMessage(), e);
    }
    if (e instanceof IpamException) {
      return new CniException(ErrorCodes.DATASTORE, "IPAM: " + e.getMessage(), e);
    }
    if (e instanceof DataplaneException) {
      return new CniException(ErrorCodes.DATAPLANE, "dataplane: " + e.getMessage(), e);
    }
    return new CniException(
        ErrorCodes.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  private static int fail(PrintStream stdout, PluginLog log, CniVersion version, CniException e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("cniVersion", version.toString());
    o.put("code", e.code());
    o.put("msg", e.getMessage());
    if (!e.details().isEmpty()) {
      o.put("details", e.details());
    }
    stdout.println(JsonTrees.toJson(o));
    log.error("error " + e.code() + ": " + e.getMessage() + detail(e));
    return 1;
  }

  private static String detail(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable s : e.getSuppressed()) {
      b.append("; while undoing: ").append(s);
    }
    Throwable c = e.getCause();
    if (c != null && c.getStackTrace().length > 0) {
      b.append(" (at ").append(c.getStackTrace()[0]).append(')');
      for (Throwable s : c.getSuppressed()) {
        b.append("; while undoing: ").append(s);
      }
    }
    return b.toString();
  }

  private static byte[] readBounded(InputStream in) {
    try {
      byte[] b = in.readNBytes(NetConfParser.MAX_BYTES + 1);
      if (b.length > NetConfParser.MAX_BYTES) {
        throw new CniException(
            ErrorCodes.DECODING_FAILURE,
            "network configuration on stdin is larger than " + NetConfParser.MAX_BYTES + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw new CniException(ErrorCodes.IO_FAILURE, "cannot read stdin", e);
    }
  }
}
