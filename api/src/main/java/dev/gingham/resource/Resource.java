package dev.gingham.resource;

import dev.gingham.ipam.IpamConfig;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.NetworkSet;
import java.util.Objects;

/**
 * A resource: its kind, its metadata and its typed spec. Immutable; make one with {@link
 * #of(ResourceKind, ObjectMeta, Object)}, which checks that the three agree.
 *
 * @param <T> the spec's type
 */
public final class Resource<T> {
  /** Gingham's apiVersion, which this library writes. */
  public static final String API_VERSION = "gingham.dev/v1";

  /** Calico's apiVersion, which this library reads as well: the schema is the same. */
  public static final String CALICO_API_VERSION = "projectcalico.org/v3";

  /** The name of the one IPAMConfiguration, as in Calico. */
  public static final String IPAM_CONFIGURATION_NAME = "default";

  private final ResourceKind<T> kind;
  private final ObjectMeta metadata;
  private final T spec;

  private Resource(ResourceKind<T> kind, ObjectMeta metadata, T spec) {
    this.kind = kind;
    this.metadata = metadata;
    this.spec = spec;
  }

  /**
   * A resource.
   *
   * @throws InvalidResourceException naming the field, when the metadata does not fit the kind (a
   *     namespace missing or given where there is none, labels on a kind kept by IPAM, an
   *     IPAMConfiguration not called {@code default}) or disagrees with the spec's own name,
   *     namespace or labels
   */
  public static <T> Resource<T> of(ResourceKind<T> kind, ObjectMeta metadata, T spec) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
    T typed = kind.cast(spec);
    String where = kind.name() + " " + qualified(metadata);
    try {
      new ResourceId(kind, metadata.namespace(), metadata.name());
    } catch (InvalidResourceException e) {
      throw e.locate(null, where);
    }
    if (kind.keptByIpam() && (!metadata.labels().isEmpty() || !metadata.annotations().isEmpty())) {
      throw new InvalidResourceException(
          null,
          where,
          metadata.labels().isEmpty() ? "metadata.annotations" : "metadata.labels",
          "IPAM keeps " + kind.name() + " resources without labels or annotations");
    }
    if (kind == ResourceKind.IPAM_CONFIGURATION
        && !metadata.name().equals(IPAM_CONFIGURATION_NAME)) {
      throw new InvalidResourceException(
          null,
          where,
          "metadata.name",
          "the IPAMConfiguration is called '"
              + IPAM_CONFIGURATION_NAME
              + "', not '"
              + metadata.name()
              + "'");
    }
    String inSpec = kind.nameInSpec(typed);
    if (inSpec != null && !inSpec.equals(metadata.name())) {
      throw new InvalidResourceException(
          null, where, "metadata.name", "the spec is named '" + inSpec + "'");
    }
    if (typed instanceof NetworkPolicy) {
      requireNamespace(where, metadata, ((NetworkPolicy) typed).namespace());
    }
    if (typed instanceof NetworkSet) {
      NetworkSet set = (NetworkSet) typed;
      requireNamespace(where, metadata, set.namespace());
      if (!set.labels().equals(metadata.labels())) {
        throw new InvalidResourceException(
            null,
            where,
            "metadata.labels",
            "the network set carries labels "
                + set.labels()
                + ", the metadata "
                + metadata.labels());
      }
    }
    return new Resource<>(kind, metadata, typed);
  }

  private static void requireNamespace(
      String where, ObjectMeta metadata, @org.jspecify.annotations.Nullable String inSpec) {
    if (!Objects.equals(inSpec, metadata.namespace())) {
      throw new InvalidResourceException(
          null, where, "metadata.namespace", "the spec is in namespace '" + inSpec + "'");
    }
  }

  private static String qualified(ObjectMeta m) {
    return m.namespace() == null ? m.name() : m.namespace() + "/" + m.name();
  }

  /** The kind. */
  public ResourceKind<T> kind() {
    return kind;
  }

  /** The metadata. */
  public ObjectMeta metadata() {
    return metadata;
  }

  /** The spec. */
  public T spec() {
    return spec;
  }

  /** The kind, namespace and name. */
  public ResourceId id() {
    return new ResourceId(kind, metadata.namespace(), metadata.name());
  }

  /**
   * This resource with other metadata.
   *
   * @throws InvalidResourceException if the metadata does not fit, as {@link #of} checks
   */
  public Resource<T> withMetadata(ObjectMeta metadata) {
    return of(kind, metadata, spec);
  }

  /**
   * This resource as a resource of {@code kind}.
   *
   * @throws ClassCastException if it is of another kind
   */
  @SuppressWarnings("unchecked")
  public <U> Resource<U> as(ResourceKind<U> kind) {
    if (this.kind != kind) {
      throw new ClassCastException(id() + " is not a " + kind.name());
    }
    return (Resource<U>) this;
  }

  /**
   * Whether the other resource says the same: same kind, spec and user metadata (name, namespace,
   * labels, annotations), whatever the store set (resource version, uid, creation time).
   */
  public boolean sameContent(Resource<?> other) {
    return kind == other.kind && metadata.sameUserFields(other.metadata) && spec.equals(other.spec);
  }

  /** The IPAM configuration's resource: {@code IPAMConfiguration default}. */
  public static Resource<IpamConfig> ipamConfiguration(IpamConfig config) {
    return of(ResourceKind.IPAM_CONFIGURATION, ObjectMeta.of(IPAM_CONFIGURATION_NAME), config);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resource
        && kind == ((Resource<?>) o).kind
        && metadata.equals(((Resource<?>) o).metadata)
        && spec.equals(((Resource<?>) o).spec);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind.name(), metadata, spec);
  }

  @Override
  public String toString() {
    return id() + (metadata.resourceVersion() == 0 ? "" : " @" + metadata.resourceVersion());
  }
}
