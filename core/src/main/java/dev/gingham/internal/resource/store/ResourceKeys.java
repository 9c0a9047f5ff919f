package dev.gingham.internal.resource.store;

import dev.gingham.internal.ipam.IpamSettingsRecords;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where resources live: every key, in one place.
 *
 * <pre>
 * /gingham/resources/v1/&lt;plural&gt;/&lt;namespace&gt;/&lt;name&gt;    a namespaced resource
 * /gingham/resources/v1/&lt;plural&gt;/_cluster/&lt;name&gt;       any other resource
 * </pre>
 *
 * {@code <plural>} is the kind's lower-case plural ({@code networkpolicies}). {@code _cluster} is
 * no namespace's name (a namespace is a DNS label, which holds no {@code _}), and names hold no
 * {@code /}, so the keys of one namespace are exactly those under its prefix. Values are the
 * resource as JSON, in the document form of {@code dev.gingham.core.Resources}, without its
 * resource version (the key's modification revision is that).
 *
 * <p>The kinds IPAM keeps ({@link ResourceKind#keptByIpam()}) are IPAM's own records: {@code
 * /gingham/ipam/v1/pools/<name>}, {@code reservations/<name>} and {@code config} (the
 * IPAMConfiguration named {@code default}), so that no pool is kept twice.
 */
public final class ResourceKeys {
  /** Every resource outside IPAM lies under this prefix. */
  public static final String ROOT = "/gingham/resources/v1/";

  /** The namespace segment of a resource of a kind that has no namespace. */
  public static final String CLUSTER = "_cluster";

  private ResourceKeys() {}

  /** A resource's key. */
  public static String key(ResourceId id) {
    ResourceKind<?> k = id.kind();
    if (k == ResourceKind.IP_POOL) {
      return IpamSettingsRecords.poolKey(id.name());
    }
    if (k == ResourceKind.IP_RESERVATION) {
      return IpamSettingsRecords.reservationKey(id.name());
    }
    if (k == ResourceKind.IPAM_CONFIGURATION) {
      return IpamSettingsRecords.CONFIG;
    }
    return ROOT
        + k.plural()
        + "/"
        + (id.namespace() == null ? CLUSTER : id.namespace())
        + "/"
        + id.name();
  }

  /**
   * The prefix of a kind's keys, or of one namespace's.
   *
   * @param namespace the namespace, or null for all of them
   */
  public static String prefix(ResourceKind<?> kind, @Nullable String namespace) {
    if (kind == ResourceKind.IP_POOL) {
      return IpamSettingsRecords.POOLS;
    }
    if (kind == ResourceKind.IP_RESERVATION) {
      return IpamSettingsRecords.RESERVATIONS;
    }
    if (kind == ResourceKind.IPAM_CONFIGURATION) {
      return IpamSettingsRecords.CONFIG;
    }
    String base = ROOT + kind.plural() + "/";
    if (!kind.namespaced()) {
      return base + CLUSTER + "/";
    }
    return namespace == null ? base : base + namespace + "/";
  }

  /** The resource a key holds, or empty when it holds none (IPAM's blocks, say, or a stray key). */
  public static Optional<ResourceId> parse(String key) {
    try {
      if (key.equals(IpamSettingsRecords.CONFIG)) {
        return Optional.of(
            ResourceId.of(ResourceKind.IPAM_CONFIGURATION, Resource.IPAM_CONFIGURATION_NAME));
      }
      if (key.startsWith(IpamSettingsRecords.POOLS)) {
        return Optional.of(
            ResourceId.of(ResourceKind.IP_POOL, key.substring(IpamSettingsRecords.POOLS.length())));
      }
      if (key.startsWith(IpamSettingsRecords.RESERVATIONS)) {
        return Optional.of(
            ResourceId.of(
                ResourceKind.IP_RESERVATION,
                key.substring(IpamSettingsRecords.RESERVATIONS.length())));
      }
      if (!key.startsWith(ROOT)) {
        return Optional.empty();
      }
      String[] parts = key.substring(ROOT.length()).split("/", -1);
      if (parts.length != 3) {
        return Optional.empty();
      }
      for (ResourceKind<?> k : ResourceKind.all()) {
        if (!k.keptByIpam() && k.plural().equals(parts[0])) {
          String ns = parts[1].equals(CLUSTER) ? null : parts[1];
          return Optional.of(new ResourceId(k, ns, parts[2]));
        }
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a key that names no valid resource holds none
    }
  }
}
