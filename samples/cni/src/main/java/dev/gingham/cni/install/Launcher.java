package dev.gingham.cni.install;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The text of a plugin's launcher: a POSIX shell script that execs the JVM on a main class, or, in
 * delegate mode, forwards the invocation to the delegate server.
 *
 * <p>Delegate mode: when the socket ({@code $GINGHAM_CNI_SOCKET}, else {@value #DEFAULT_SOCKET})
 * exists and {@code socat} is on {@code PATH}, the launcher sends a {@code DelegateRequest} frame
 * (its plugin name, {@code env -0}, an empty entry, its stdin) and half-closes; it prints the
 * answer's stdout, copies its stderr and exits with its status. With no socket, no socat, or no
 * greeting from the server (refused, or closed before it read anything), the JVM runs as without
 * it, on the same stdin. A greeting without a whole answer means the server failed while it held
 * the request: the launcher reports error 11 (try again later), never success.
 */
final class Launcher {
  private Launcher() {}

  static String script(
      String java,
      List<String> jvmOptions,
      List<Path> jars,
      @Nullable Path archive,
      String mainClass,
      String plugin) {
    StringBuilder b = new StringBuilder();
    b.append("#!/bin/sh\n");
    b.append("# Written by `gingham cni install`: runs ").append(mainClass).append(".\n");
    b.append("# The runtime passes CNI_* in the environment and the configuration on stdin.\n");
    b.append(DELEGATE.replace("@PLUGIN@", plugin));
    b.append("exec ").append(quote(java));
    if (archive != null) {
      b.append(" -XX:SharedArchiveFile=").append(quote(archive.toString()));
      // A missing or stale archive slows start-up; it never stops the plugin.
      b.append(" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off");
    }
    for (String o : jvmOptions) {
      b.append(' ').append(quote(o));
    }
    b.append(" -cp ")
        .append(quote(jars.stream().map(Path::toString).collect(Collectors.joining(":"))));
    b.append(' ').append(mainClass).append(" \"$@\"\n");
    return b.toString();
  }

  /** Where the delegate server listens unless {@code GINGHAM_CNI_SOCKET} says otherwise. */
  static final String DEFAULT_SOCKET = "/run/gingham/cni.sock";

  /**
   * The delegate block. It reads stdin once into a private directory, so that the JVM can still
   * read it when no server answers; the directory is removed on every path (the JVM gets stdin on
   * an open descriptor). The answer's size is checked against its header, so a server that dies
   * mid-answer is caught.
   */
  private static final String DELEGATE =
      "# Delegate mode: with `gingham cni serve` on the socket and socat on PATH, no JVM starts.\n"
          + "sock=${GINGHAM_CNI_SOCKET:-"
          + DEFAULT_SOCKET
          + "}\n"
          + "if [ -S \"$sock\" ] && command -v socat >/dev/null 2>&1 &&"
          + " tmp=$(mktemp -d 2>/dev/null); then\n"
          + "  cat >\"$tmp/in\"\n"
          + "  { printf '@PLUGIN@\\n'; env -0; printf '\\000'; cat \"$tmp/in\"; } |\n"
          + "    socat -t 600 - \"UNIX-CONNECT:$sock\" >\"$tmp/out\" 2>/dev/null\n"
          + "  if [ -s \"$tmp/out\" ]; then\n"
          + "    { read -r greet; read -r code nout nerr; } <\"$tmp/out\"\n"
          + "    ok=$greet\n"
          + "    for n in \"$code\" \"$nout\" \"$nerr\"; do case $n in ''|*[!0-9]*) ok=;; esac;"
          + " done\n"
          + "    if [ \"$ok\" = GINGHAM-CNI/1 ]; then\n"
          + "      h=$((17 + ${#code} + ${#nout} + ${#nerr}))\n"
          + "      [ \"$(wc -c <\"$tmp/out\")\" -eq $((h + nout + nerr)) ] || ok=\n"
          + "    fi\n"
          + "    if [ \"$ok\" = GINGHAM-CNI/1 ]; then\n"
          + "      tail -c +$((h + 1)) \"$tmp/out\" | head -c \"$nout\"\n"
          + "      tail -c \"$nerr\" \"$tmp/out\" >&2\n"
          + "      rm -rf \"$tmp\"\n"
          + "      exit \"$code\"\n"
          + "    fi\n"
          + "    v=$(sed -n 's/.*\"cniVersion\"[[:space:]]*:[[:space:]]*\"\\([0-9.]*\\)\".*/\\1/p'"
          + " \"$tmp/in\" | head -n 1)\n"
          + "    s=$(printf %s \"$sock\" | tr -d '\"\\\\')\n"
          + "    printf '{\"cniVersion\":\"%s\",\"code\":11,\"msg\":\"the delegate server at %s"
          + " ended without a whole answer; try again\"}\\n' \"${v:-1.1.0}\" \"$s\"\n"
          + "    rm -rf \"$tmp\"\n"
          + "    exit 1\n"
          + "  fi\n"
          + "  # No greeting: the server never read the request, so run it here.\n"
          + "  exec 3<\"$tmp/in\"\n"
          + "  rm -rf \"$tmp\"\n"
          + "  exec 0<&3 3<&-\n"
          + "fi\n";

  /** Single-quoted for sh. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
