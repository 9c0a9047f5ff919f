package dev.gingham.internal.resource.codec;

import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Resources to and from documents, the generic trees a YAML or JSON parser yields.
 *
 * <p>Reading accepts Calico's {@code projectcalico.org/v3} and Gingham's {@code gingham.dev/v1}
 * (the same schema), lists ({@code kind: List}, or {@code IPPoolList} and the like, with {@code
 * items}), and Kubernetes {@code networking.k8s.io/v1} NetworkPolicy, converted as Calico converts
 * it. Every field is checked: unknown fields are refused, and so are Calico's fields that Gingham
 * does not support, with the reason. Errors are {@link InvalidResourceException}s that name the
 * source, the resource, the field and the reason.
 *
 * <p>Writing gives {@code apiVersion}, {@code kind}, {@code metadata} and {@code spec} in that
 * order, fields in a fixed order, and nothing that is unset; reading it back gives an equal
 * resource. Thread-safe: stateless.
 */
public final class ResourceCodec {
  private static final List<String> ENVELOPE = List.of("apiVersion", "kind", "metadata", "spec");
  private static final List<String> LIST_ENVELOPE =
      List.of("apiVersion", "kind", "metadata", "items");
  private static final Map<ResourceKind<?>, SpecCodec<?>> SPECS = new IdentityHashMap<>();

  static {
    SPECS.put(ResourceKind.IPAM_CONFIGURATION, IpamSpecCodecs.CONFIG);
    SPECS.put(ResourceKind.IP_POOL, IpamSpecCodecs.POOL);
    SPECS.put(ResourceKind.IP_RESERVATION, IpamSpecCodecs.RESERVATION);
    SPECS.put(ResourceKind.BGP_CONFIGURATION, BgpSpecCodecs.CONFIGURATION);
    SPECS.put(ResourceKind.BGP_PEER, BgpSpecCodecs.PEER);
    SPECS.put(ResourceKind.NODE, NodeSpecCodec.INSTANCE);
    SPECS.put(ResourceKind.TIER, PolicyObjectCodecs.TIER);
    SPECS.put(ResourceKind.PROFILE, PolicyObjectCodecs.PROFILE);
    SPECS.put(ResourceKind.GLOBAL_NETWORK_SET, PolicyObjectCodecs.NETWORK_SET);
    SPECS.put(ResourceKind.NETWORK_SET, PolicyObjectCodecs.NETWORK_SET);
    SPECS.put(ResourceKind.GLOBAL_NETWORK_POLICY, PolicySpecCodecs.GLOBAL_NETWORK_POLICY);
    SPECS.put(ResourceKind.NETWORK_POLICY, PolicySpecCodecs.NETWORK_POLICY);
    SPECS.put(ResourceKind.HOST_ENDPOINT, EndpointSpecCodecs.HOST);
    SPECS.put(ResourceKind.WORKLOAD_ENDPOINT, EndpointSpecCodecs.WORKLOAD);
  }

  private ResourceCodec() {}

  /**
   * Reads one document: a resource, a list of them, or a Kubernetes NetworkPolicy. An empty
   * document (null) holds none.
   *
   * @param source where the document came from, for errors: {@code pools.yaml: document 2}
   * @throws InvalidResourceException naming the source, resource, field and reason
   */
  public static List<Resource<?>> read(@Nullable Object document, String source) {
    List<Resource<?>> out = new ArrayList<>();
    read(document, source, out, true);
    return out;
  }

  /**
   * Reads one resource as a store keeps it: a Calico or Gingham document, no list and no
   * conversion.
   *
   * @throws InvalidResourceException naming the source, resource, field and reason
   */
  public static Resource<?> readResource(@Nullable Object document, String source) {
    List<Resource<?>> out = new ArrayList<>(1);
    read(document, source, out, false);
    if (out.size() != 1) {
      throw new InvalidResourceException(source, null, "(document)", "expected one resource");
    }
    return out.get(0);
  }

  private static void read(
      @Nullable Object document, String source, List<Resource<?>> out, boolean lists) {
    if (document == null) {
      if (!lists) {
        throw new InvalidResourceException(source, null, "(document)", "is empty");
      }
      return;
    }
    Tree doc = Tree.root("", document, errors(source));
    doc.mapOrNull();
    String kind = doc.get("kind").requiredString();
    String api = doc.get("apiVersion").requiredString();
    if (lists && (kind.equals("List") || (kind.endsWith("List") && forName(kind, 4).isPresent()))) {
      doc.requireOnly(LIST_ENVELOPE);
      List<Tree> items = doc.get("items").list();
      for (int i = 0; i < items.size(); i++) {
        read(items.get(i).value(), source + ", item " + i, out, false);
      }
      return;
    }
    if (lists && api.equals("networking.k8s.io/v1") && kind.equals("NetworkPolicy")) {
      out.add(kubernetes(document, source));
      return;
    }
    if (!api.equals(Resource.API_VERSION) && !api.equals(Resource.CALICO_API_VERSION)) {
      throw doc.get("apiVersion")
          .error(
              "unsupported apiVersion '"
                  + api
                  + "'; expected "
                  + Resource.API_VERSION
                  + " or "
                  + Resource.CALICO_API_VERSION
                  + (lists ? " (or networking.k8s.io/v1 for a Kubernetes NetworkPolicy)" : ""));
    }
    ResourceKind<?> k =
        ResourceKind.forName(kind).orElseThrow(() -> doc.get("kind").error(unknownKind(kind)));
    out.add(decode(k, doc, source));
  }

  private static Optional<ResourceKind<?>> forName(String kind, int suffix) {
    return ResourceKind.forName(kind.substring(0, kind.length() - suffix));
  }

  private static String unknownKind(String kind) {
    List<String> names = new ArrayList<>();
    for (ResourceKind<?> k : ResourceKind.all()) {
      names.add(k.name());
    }
    return "unknown kind '" + kind + "'; the kinds are " + String.join(", ", names);
  }

  private static <T> Resource<T> decode(ResourceKind<T> kind, Tree doc, String source) {
    // A Node's status is what its agent observed; Calico prints it, users never write it.
    if (kind == ResourceKind.NODE) {
      doc.requireOnly(List.of("apiVersion", "kind", "metadata", "spec", "status"));
    } else {
      doc.requireOnly(ENVELOPE);
    }
    ObjectMeta meta = MetaCodec.decode(doc.get("metadata"), kind);
    String name =
        kind.name() + " " + (meta.namespace() == null ? "" : meta.namespace() + "/") + meta.name();
    Tree root = doc.asRoot(name);
    @SuppressWarnings("unchecked")
    SpecCodec<T> codec = (SpecCodec<T>) SPECS.get(kind);
    T spec = codec.decode(root.get("spec"), meta);
    return root.wrap(() -> Resource.of(kind, meta, spec));
  }

  private static Resource<?> kubernetes(Object document, String source) {
    @SuppressWarnings("unchecked")
    Map<String, ?> map = (Map<String, ?>) document;
    NetworkPolicy p;
    try {
      p = KubernetesConverter.networkPolicy(map);
    } catch (InvalidPolicyException e) {
      throw new InvalidResourceException(source, e.resource(), e.field(), e.problem());
    }
    return Resource.of(ResourceKind.NETWORK_POLICY, ObjectMeta.of(p.namespace(), p.name()), p);
  }

  private static Tree.Errors errors(String source) {
    return (resource, field, problem) ->
        new InvalidResourceException(source, resource.isEmpty() ? null : resource, field, problem);
  }

  /**
   * Writes a resource.
   *
   * @param resourceVersion whether to write the resource version; a store's records leave it out
   */
  public static Map<String, Object> write(Resource<?> r, boolean resourceVersion) {
    return new Out()
        .put("apiVersion", Resource.API_VERSION)
        .put("kind", r.kind().name())
        .put("metadata", MetaCodec.encode(r.metadata(), resourceVersion))
        .put("spec", spec(r))
        .fields();
  }

  private static <T> Map<String, Object> spec(Resource<T> r) {
    @SuppressWarnings("unchecked")
    SpecCodec<T> codec = (SpecCodec<T>) SPECS.get(r.kind());
    return codec.encode(r.spec());
  }
}
