package dev.gingham.cni.install;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The text of a plugin's launcher: a POSIX shell script that execs the JVM on a main class, or, in
 * delegate mode, the delegate client, which forwards the invocation to the delegate server.
 *
 * <p>Delegate mode: when the socket ({@code $GINGHAM_CNI_SOCKET}, else {@value #DEFAULT_SOCKET})
 * exists and {@code /usr/bin/perl} does (perl-base is Essential on Debian), the launcher execs
 * {@code gingham.d/delegate-client.pl} (the resource {@value #CLIENT_RESOURCE}) with the socket,
 * the plugin's name and the JVM's command line. The client is one process: it connects, waits for
 * the greeting, sends a {@code DelegateRequest} frame (its plugin name, the environment, an empty
 * entry, its stdin) and half-closes; it prints the answer's stdout and stderr and exits with its
 * status. With no socket, no perl, or no greeting (refused, or closed before the server read
 * anything), the JVM runs as without it, on the same, unread stdin. A greeting without a whole,
 * well-formed answer means the server failed while it held the request: the client reports error 11
 * (try again later), never success.
 */
final class Launcher {
  private Launcher() {}

  /** The delegate client, a perl script loading no module, in this package's resources. */
  static final String CLIENT_RESOURCE = "delegate-client.pl";

  static String script(
      String java,
      List<String> jvmOptions,
      List<Path> jars,
      @Nullable Path archive,
      boolean aotCache,
      String mainClass,
      String plugin,
      Path client) {
    StringBuilder b = new StringBuilder();
    b.append("#!/bin/sh\n");
    b.append("# Written by `gingham cni install`: runs ").append(mainClass).append(".\n");
    b.append("# The runtime passes CNI_* in the environment and the configuration on stdin.\n");
    b.append("set -- ").append(quote(java));
    // stdout carries the CNI result: the JVM's own log (warnings by default) goes to stderr.
    b.append(" -Xlog:disable -Xlog:all=warning:stderr");
    if (archive != null && aotCache) {
      // AOTMode defaults to auto: as with -Xshare:auto, an unusable cache only slows start-up.
      b.append(" -XX:AOTCache=").append(quote(archive.toString()));
      b.append(" -Xlog:aot*=off:stderr -Xlog:cds*=off:stderr");
    } else if (archive != null) {
      b.append(" -XX:SharedArchiveFile=").append(quote(archive.toString()));
      // A missing or stale archive slows start-up; it never stops the plugin.
      b.append(" -Xshare:auto -Xlog:cds*=off:stderr");
      // JDK 17 updates relocate the archive to a random address at every start by default, which
      // costs tens of milliseconds per call; mapped where it was dumped it needs no patching. A
      // clash falls back to relocating.
      b.append(" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0");
    }
    for (String o : jvmOptions) {
      b.append(' ').append(quote(o));
    }
    b.append(" -cp ")
        .append(quote(jars.stream().map(Path::toString).collect(Collectors.joining(":"))));
    b.append(' ').append(mainClass).append(" \"$@\"\n");
    b.append("# Delegate mode: with `gingham cni serve` on the socket, no JVM starts.\n");
    b.append("sock=${GINGHAM_CNI_SOCKET:-").append(DEFAULT_SOCKET).append("}\n");
    b.append("if [ -S \"$sock\" ] && [ -x /usr/bin/perl ]; then\n");
    b.append("  exec /usr/bin/perl ")
        .append(quote(client.toString()))
        .append(" \"$sock\" ")
        .append(quote(plugin))
        .append(" \"$@\"\n");
    b.append("fi\n");
    b.append("exec \"$@\"\n");
    return b.toString();
  }

  /** Where the delegate server listens unless {@code GINGHAM_CNI_SOCKET} says otherwise. */
  static final String DEFAULT_SOCKET = "/run/gingham/cni.sock";

  /** Single-quoted for sh. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
