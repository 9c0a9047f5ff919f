package dev.gingham.cli;

import dev.gingham.core.Resources;
import dev.gingham.resource.NoSuchResourceException;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import dev.gingham.resource.ResourceConflictException;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.WriteResult;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Changes one resource through its document, as {@code patch} and {@code label} do: read it, edit
 * its document, read the result back (so that every rule is checked, and a spec that carries the
 * labels follows them), and write it only if the resource is still at the version read; when it
 * changed meanwhile, all of that again, a few times.
 */
final class DocumentEdit {
  /** How often the edit is made again when the resource changed meanwhile. */
  static final int ATTEMPTS = 5;

  private DocumentEdit() {}

  /**
   * Edits a resource.
   *
   * @param what what the edit is, for messages: {@code the patched}
   * @param edit makes the new document from the current one (without its resource version); may
   *     throw to refuse
   * @return what the write did: {@code UNCHANGED} when the edit changed nothing
   * @throws NoSuchResourceException if the resource does not exist
   * @throws CliException with {@link ExitCodes#VALIDATION} if the edit changes kind, namespace or
   *     name
   */
  static WriteResult.Action apply(
      ResourceStore store, ResourceId id, String what, UnaryOperator<Map<String, Object>> edit) {
    for (int attempt = 1; ; attempt++) {
      Resource<?> current =
          store
              .get(id.kind(), id.namespace(), id.name())
              .orElseThrow(() -> new NoSuchResourceException(id));
      Map<String, Object> edited = edit.apply(Resources.write(current, false));
      List<Resource<?>> read = Resources.read(edited, what + " " + Names.of(id));
      if (read.size() != 1 || !read.get(0).id().equals(id)) {
        throw new CliException(
            ExitCodes.VALIDATION,
            "an edit cannot change a resource's kind, namespace or name (" + Names.of(id) + ")");
      }
      Resource<?> next =
          read.get(0)
              .withMetadata(
                  read.get(0).metadata().withResourceVersion(current.metadata().resourceVersion()));
      try {
        return store.write(List.of(ResourceChange.replace(next))).outcomes().get(0).action();
      } catch (ResourceConflictException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
