package dev.gingham.cni.spec;

import dev.gingham.net.InterfaceName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The protocol's environment variables, checked as libcni's skel checks them: every variable the
 * command requires must be set and non-empty (all missing ones are named at once), the container id
 * must match {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}, the interface name must be a valid Linux name, and
 * {@code CNI_ARGS} must be {@code KEY=VALUE} pairs separated by {@code ;}. Every failure is {@link
 * ErrorCodes#INVALID_ENVIRONMENT}. Immutable.
 *
 * @param command the command
 * @param containerId the container id, or empty for STATUS, GC and VERSION
 * @param netns the container's network namespace, or null when not given
 * @param ifname the interface name, or empty when not required
 * @param args the {@code CNI_ARGS} pairs, in order
 * @param path the directories to find plugins in
 */
public record CniEnvironment(
    CniCommand command,
    String containerId,
    @Nullable Path netns,
    String ifname,
    Map<String, String> args,
    List<Path> path) {
  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
  private static final int MAX_ARGS_LENGTH = 64 * 1024;

  public CniEnvironment {
    args = Map.copyOf(args);
    path = List.copyOf(path);
  }

  /**
   * Reads and checks the environment.
   *
   * @throws CniException with {@link ErrorCodes#INVALID_ENVIRONMENT} naming what is missing or
   *     wrong
   */
  public static CniEnvironment from(Map<String, String> env) {
    String commandText = env.getOrDefault(CniCommand.Variable.COMMAND.envName(), "");
    CniCommand command = null;
    if (!commandText.isEmpty()) {
      try {
        command = CniCommand.valueOf(commandText);
      } catch (IllegalArgumentException e) {
        throw invalid("unknown CNI_COMMAND: " + printable(commandText));
      }
    }
    List<String> missing = new ArrayList<>();
    if (command == null) {
      missing.add(CniCommand.Variable.COMMAND.envName());
    }
    for (CniCommand.Variable v : CniCommand.Variable.values()) {
      if (v != CniCommand.Variable.COMMAND
          && command != null
          && command.required().contains(v)
          && env.getOrDefault(v.envName(), "").isEmpty()) {
        missing.add(v.envName());
      }
    }
    if (!missing.isEmpty()) {
      throw invalid("required env variables [" + String.join(",", missing) + "] missing");
    }
    String containerId = env.getOrDefault(CniCommand.Variable.CONTAINER_ID.envName(), "");
    if (!containerId.isEmpty() && !ID.matcher(containerId).matches()) {
      throw invalid(
          "invalid characters in CNI_CONTAINERID \""
              + printable(containerId)
              + "\": must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
    }
    String ifname = env.getOrDefault(CniCommand.Variable.IFNAME.envName(), "");
    if (!ifname.isEmpty()) {
      try {
        InterfaceName.requireValid(ifname);
      } catch (IllegalArgumentException e) {
        throw invalid("CNI_IFNAME: " + e.getMessage());
      }
    }
    String netnsText = env.getOrDefault(CniCommand.Variable.NETNS.envName(), "");
    Path netns = null;
    if (!netnsText.isEmpty()) {
      if (!netnsText.startsWith("/") || netnsText.indexOf('\0') >= 0) {
        throw invalid("CNI_NETNS \"" + printable(netnsText) + "\" is not an absolute path");
      }
      netns = Path.of(netnsText);
    }
    Map<String, String> args = parseArgs(env.getOrDefault(CniCommand.Variable.ARGS.envName(), ""));
    List<Path> path = new ArrayList<>();
    for (String dir : env.getOrDefault(CniCommand.Variable.PATH.envName(), "").split(":")) {
      if (!dir.isEmpty() && dir.indexOf('\0') < 0) {
        path.add(Path.of(dir));
      }
    }
    return new CniEnvironment(command, containerId, netns, ifname, args, path);
  }

  /**
   * Reads {@code CNI_ARGS}: {@code K=V;K2=V2}. An empty text has no pairs.
   *
   * @throws CniException with {@link ErrorCodes#INVALID_ENVIRONMENT} naming the bad pair
   */
  public static Map<String, String> parseArgs(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return out;
    }
    if (text.length() > MAX_ARGS_LENGTH) {
      throw invalid("CNI_ARGS is longer than " + MAX_ARGS_LENGTH + " characters");
    }
    for (String pair : text.split(";", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw invalid("CNI_ARGS: invalid pair \"" + printable(pair) + "\"");
      }
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  private static CniException invalid(String message) {
    return new CniException(ErrorCodes.INVALID_ENVIRONMENT, message);
  }

  /** A text cut to 64 characters with control characters escaped, for messages. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      if (c < ' ' || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > 64) {
      b.append("...");
    }
    return b.toString();
  }
}
