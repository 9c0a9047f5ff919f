package dev.gingham.internal.resource.codec;

import dev.gingham.policy.Labels;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.ResourceKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** A resource's metadata to and from its document form. Thread-safe: stateless. */
final class MetaCodec {
  private static final List<String> FIELDS =
      List.of(
          "name",
          "namespace",
          "labels",
          "annotations",
          "resourceVersion",
          "uid",
          "creationTimestamp");

  private MetaCodec() {}

  /** Reads metadata; a namespaced kind's resource without a namespace is in {@code default}. */
  static ObjectMeta decode(Tree meta, ResourceKind<?> kind) {
    if (meta.isMissing()) {
      throw meta.error("is required");
    }
    meta.requireOnly(FIELDS);
    String name = meta.get("name").requiredString();
    String namespace = meta.get("namespace").string();
    if (namespace == null && kind.namespaced()) {
      namespace = "default";
    }
    Tree labelTree = meta.get("labels");
    Map<String, String> labels = labelTree.stringMap();
    ObjectMeta.Builder b =
        ObjectMeta.builder(name)
            .namespace(namespace)
            .labels(labelTree.wrap(() -> Labels.of(labels)))
            .annotations(meta.get("annotations").stringMap())
            .resourceVersion(resourceVersion(meta.get("resourceVersion")))
            .uid(meta.get("uid").string());
    Tree created = meta.get("creationTimestamp");
    String createdText = created.string();
    if (createdText != null) {
      b.creationTimestamp(created.wrap(() -> timestamp(createdText)));
    }
    return meta.wrap(b::build);
  }

  /** Kubernetes writes resource versions as strings of digits; numbers are read too. */
  private static long resourceVersion(Tree t) {
    if (t.isMissing()) {
      return 0;
    }
    if (t.value() instanceof Number) {
      Long n = t.longValue();
      if (n < 0) {
        throw t.error("must not be negative, was " + n);
      }
      return n;
    }
    String s = t.requiredString();
    if (s.isEmpty()) {
      return 0;
    }
    if (s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw t.error("'" + s + "' is not a resource version of this store (a revision number)");
    }
    return Long.parseLong(s);
  }

  private static Instant timestamp(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an RFC 3339 time such as 2024-05-01T12:00:00Z");
    }
  }

  /**
   * Writes metadata.
   *
   * @param resourceVersion whether to write the resource version (never in a store's record, which
   *     has its revision)
   */
  static Map<String, Object> encode(ObjectMeta m, boolean resourceVersion) {
    return new Out()
        .put("name", m.name())
        .put("namespace", m.namespace())
        .map("labels", m.labels().asMap())
        .map("annotations", m.annotations())
        .put(
            "resourceVersion",
            resourceVersion && m.resourceVersion() != 0 ? Long.toString(m.resourceVersion()) : null)
        .put("uid", m.uid())
        .text("creationTimestamp", m.creationTimestamp())
        .fields();
  }
}
