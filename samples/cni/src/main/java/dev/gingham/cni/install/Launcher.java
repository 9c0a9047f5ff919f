package dev.gingham.cni.install;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The text of a plugin's launcher: a POSIX shell script that execs the JVM on a main class. */
final class Launcher {
  private Launcher() {}

  static String script(String java, List<Path> jars, @Nullable Path archive, String mainClass) {
    StringBuilder b = new StringBuilder();
    b.append("#!/bin/sh\n");
    b.append("# Written by `gingham cni install`: runs ").append(mainClass).append(".\n");
    b.append("# The runtime passes CNI_* in the environment and the configuration on stdin.\n");
    b.append("exec ").append(quote(java));
    if (archive != null) {
      b.append(" -XX:SharedArchiveFile=").append(quote(archive.toString()));
      // A missing or stale archive slows start-up; it never stops the plugin.
      b.append(" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off");
    }
    for (String o : CniInstaller.JVM_OPTIONS) {
      b.append(' ').append(o);
    }
    b.append(" -cp ")
        .append(quote(jars.stream().map(Path::toString).collect(Collectors.joining(":"))));
    b.append(' ').append(mainClass).append(" \"$@\"\n");
    return b.toString();
  }

  /** Single-quoted for sh. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
