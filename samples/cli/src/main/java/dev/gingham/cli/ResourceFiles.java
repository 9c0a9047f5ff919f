package dev.gingham.cli;

import dev.gingham.core.Resources;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resources from {@code -f} sources: every document read and checked before anything is written,
 * every mistake reported (file, document, resource, field and reason), and none of them returned
 * when any document has one. Thread-safe: stateless.
 */
final class ResourceFiles {
  /** The most mistakes printed; the count says how many more there were. */
  static final int MAX_REPORTED = 50;

  private ResourceFiles() {}

  /**
   * Reads the resources of files, directories or {@code -}.
   *
   * @throws CliException with {@link ExitCodes#VALIDATION} after printing every mistake to {@code
   *     err}, or {@link ExitCodes#USAGE} when the sources hold no resource at all
   */
  static List<Resource<?>> read(List<String> sources, InputStream stdin, PrintWriter err) {
    List<Resource<?>> out = new ArrayList<>();
    List<String> mistakes = new ArrayList<>();
    Map<ResourceId, String> seen = new HashMap<>();
    for (Documents.Document d : Documents.read(sources, stdin)) {
      try {
        for (Resource<?> r : Resources.read(d.tree(), d.source())) {
          String first = seen.putIfAbsent(r.id(), d.source());
          if (first != null) {
            throw new InvalidResourceException(
                d.source(),
                r.id().toString(),
                "metadata.name",
                "given twice (first in " + first + ")");
          }
          out.add(r);
        }
      } catch (InvalidResourceException e) {
        mistakes.add(e.getMessage());
      }
    }
    if (!mistakes.isEmpty()) {
      for (String m : mistakes.subList(0, Math.min(MAX_REPORTED, mistakes.size()))) {
        err.println("gingham: " + m);
      }
      if (mistakes.size() > MAX_REPORTED) {
        err.println("gingham: … and " + (mistakes.size() - MAX_REPORTED) + " more");
      }
      throw new CliException(
          ExitCodes.VALIDATION,
          mistakes.size()
              + (mistakes.size() == 1 ? " invalid document" : " invalid documents")
              + "; nothing was written");
    }
    if (out.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, "no resources in " + String.join(", ", sources));
    }
    return out;
  }
}
