package dev.gingham.resource;

import dev.gingham.policy.Labels;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A resource's metadata, as Kubernetes and Calico write it: name, namespace, labels and
 * annotations, which users set, and the resource version, uid and creation time, which the store
 * sets. Immutable; build one with {@link #builder(String)}.
 *
 * <p>A name is a DNS subdomain (1 to 253 characters of {@code a-z 0-9 - .}, starting and ending
 * with a letter or digit); a namespace is a DNS label (the same, at most 63 characters and no dot).
 * Labels follow Kubernetes' rules ({@link Labels}); annotation keys too, and annotation values are
 * any text, at most {@value #MAX_ANNOTATION_BYTES} characters in all.
 */
public final class ObjectMeta {
  /** The most characters all annotations may hold together, keys and values. */
  public static final int MAX_ANNOTATION_BYTES = 256 * 1024;

  /** The longest uid. */
  public static final int MAX_UID_LENGTH = 128;

  private final String name;
  private final @Nullable String namespace;
  private final Labels labels;
  private final SortedMap<String, String> annotations;
  private final long resourceVersion;
  private final @Nullable String uid;
  private final @Nullable Instant creationTimestamp;

  private ObjectMeta(Builder b) {
    this.name = b.name;
    this.namespace = b.namespace;
    this.labels = b.labels;
    this.annotations = Collections.unmodifiableSortedMap(new TreeMap<>(b.annotations));
    this.resourceVersion = b.resourceVersion;
    this.uid = b.uid;
    this.creationTimestamp = b.creationTimestamp;
  }

  /**
   * Metadata with only a name.
   *
   * @throws InvalidResourceException if the name is malformed
   */
  public static ObjectMeta of(String name) {
    return builder(name).build();
  }

  /**
   * Metadata with a namespace and a name.
   *
   * @throws InvalidResourceException if either is malformed
   */
  public static ObjectMeta of(String namespace, String name) {
    return builder(name).namespace(namespace).build();
  }

  /** A builder for metadata with this name and nothing else. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.namespace = namespace;
    b.labels = labels;
    b.annotations = new TreeMap<>(annotations);
    b.resourceVersion = resourceVersion;
    b.uid = uid;
    b.creationTimestamp = creationTimestamp;
    return b;
  }

  /** The name. */
  public String name() {
    return name;
  }

  /** The namespace, or null for a resource that has none. */
  public @Nullable String namespace() {
    return namespace;
  }

  /** The labels. */
  public Labels labels() {
    return labels;
  }

  /** The annotations, sorted by key. */
  public SortedMap<String, String> annotations() {
    return annotations;
  }

  /**
   * The store's revision of the resource as it was read, or 0 when not read from a store. Written
   * back, it makes the write conditional: it fails if the resource changed since.
   */
  public long resourceVersion() {
    return resourceVersion;
  }

  /** The unique id the store gave the resource when it was created, or null. */
  public @Nullable String uid() {
    return uid;
  }

  /** When the resource was created, to the second, or null. */
  public @Nullable Instant creationTimestamp() {
    return creationTimestamp;
  }

  /** This metadata with another resource version. */
  public ObjectMeta withResourceVersion(long resourceVersion) {
    return toBuilder().resourceVersion(resourceVersion).build();
  }

  /** This metadata without what the store sets: resource version, uid and creation time. */
  public ObjectMeta withoutStoreFields() {
    return toBuilder().resourceVersion(0).uid(null).creationTimestamp(null).build();
  }

  /** Whether what users set (name, namespace, labels and annotations) is the same. */
  public boolean sameUserFields(ObjectMeta o) {
    return name.equals(o.name)
        && Objects.equals(namespace, o.namespace)
        && labels.equals(o.labels)
        && annotations.equals(o.annotations);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectMeta
        && sameUserFields((ObjectMeta) o)
        && resourceVersion == ((ObjectMeta) o).resourceVersion
        && Objects.equals(uid, ((ObjectMeta) o).uid)
        && Objects.equals(creationTimestamp, ((ObjectMeta) o).creationTimestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, namespace, labels, annotations, resourceVersion);
  }

  @Override
  public String toString() {
    return "ObjectMeta{"
        + (namespace == null ? "" : namespace + "/")
        + name
        + (labels.isEmpty() ? "" : ", labels " + labels)
        + (annotations.isEmpty() ? "" : ", annotations " + annotations)
        + (resourceVersion == 0 ? "" : ", resourceVersion " + resourceVersion)
        + (uid == null ? "" : ", uid " + uid)
        + (creationTimestamp == null ? "" : ", created " + creationTimestamp)
        + '}';
  }

  /** Checks a resource name: a DNS subdomain. */
  static String requireName(String field, @Nullable String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidResourceException(field, "is required");
    }
    if (name.length() > 253 || !isDnsName(name, true)) {
      throw new InvalidResourceException(
          field,
          "'"
              + printable(name)
              + "' is not a valid name: 1..253 characters [a-z0-9.-], starting and ending with a"
              + " letter or digit");
    }
    return name;
  }

  /** Checks a namespace: a DNS label. */
  static String requireNamespace(String field, @Nullable String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw new InvalidResourceException(field, "is required");
    }
    if (namespace.length() > 63 || !isDnsName(namespace, false)) {
      throw new InvalidResourceException(
          field,
          "'"
              + printable(namespace)
              + "' is not a valid namespace: 1..63 characters [a-z0-9-], starting and ending with"
              + " a letter or digit");
    }
    return namespace;
  }

  private static boolean isDnsName(String s, boolean dots) {
    if (!alnum(s.charAt(0)) || !alnum(s.charAt(s.length() - 1))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!alnum(c) && c != '-' && !(dots && c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** Text with control characters escaped, so that a message stays on one line. */
  static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), 80));
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return s.length() > 80 ? out.append('…').toString() : out.toString();
  }

  /** Builds {@link ObjectMeta}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable String namespace;
    private Labels labels = Labels.empty();
    private Map<String, String> annotations = new TreeMap<>();
    private long resourceVersion;
    private @Nullable String uid;
    private @Nullable Instant creationTimestamp;

    private Builder(String name) {
      this.name = name;
    }

    /** The namespace, or null for none. */
    public Builder namespace(@Nullable String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** The labels. */
    public Builder labels(Labels labels) {
      this.labels = Objects.requireNonNull(labels, "labels");
      return this;
    }

    /** The annotations. */
    public Builder annotations(Map<String, String> annotations) {
      this.annotations = new TreeMap<>(annotations);
      return this;
    }

    /** The resource version: 0 for none. */
    public Builder resourceVersion(long resourceVersion) {
      this.resourceVersion = resourceVersion;
      return this;
    }

    /** The uid, or null for none. */
    public Builder uid(@Nullable String uid) {
      this.uid = uid;
      return this;
    }

    /** The creation time, kept to the second, or null for none. */
    public Builder creationTimestamp(@Nullable Instant creationTimestamp) {
      this.creationTimestamp =
          creationTimestamp == null ? null : creationTimestamp.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /**
     * Builds the metadata.
     *
     * @throws InvalidResourceException naming the field that is wrong
     */
    public ObjectMeta build() {
      requireName("metadata.name", name);
      if (namespace != null) {
        requireNamespace("metadata.namespace", namespace);
      }
      long total = 0;
      for (Map.Entry<String, String> e : annotations.entrySet()) {
        String key = e.getKey();
        try {
          Labels.requireKey(key);
        } catch (IllegalArgumentException ex) {
          throw new InvalidResourceException(
              "metadata.annotations", ex.getMessage().replace("label key", "annotation key"));
        }
        if (e.getValue() == null) {
          throw new InvalidResourceException(
              "metadata.annotations." + key, "an annotation needs a value");
        }
        total += key.length() + e.getValue().length();
      }
      if (total > MAX_ANNOTATION_BYTES) {
        throw new InvalidResourceException(
            "metadata.annotations",
            "hold " + total + " characters, more than the limit of " + MAX_ANNOTATION_BYTES);
      }
      if (resourceVersion < 0) {
        throw new InvalidResourceException(
            "metadata.resourceVersion", "must not be negative, was " + resourceVersion);
      }
      if (uid != null) {
        if (uid.isEmpty()
            || uid.length() > MAX_UID_LENGTH
            || !uid.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
          throw new InvalidResourceException(
              "metadata.uid",
              "'"
                  + printable(uid)
                  + "' is not a uid: 1.."
                  + MAX_UID_LENGTH
                  + " printable ASCII characters without spaces");
        }
      }
      return new ObjectMeta(this);
    }
  }
}
