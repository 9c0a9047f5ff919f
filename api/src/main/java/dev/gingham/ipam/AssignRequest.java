package dev.gingham.ipam;

import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Ipam#autoAssign} is asked for: how many addresses of each family, for which handle
 * and host, with which attributes, and optionally from which pools. Immutable; build one with
 * {@link #builder(String, String)}.
 */
public final class AssignRequest {
  /** The most addresses of one family one request may ask for. */
  public static final int MAX_PER_FAMILY = 256;

  private final String handle;
  private final String host;
  private final int ipv4;
  private final int ipv6;
  private final Map<String, String> attributes;
  private final Labels hostLabels;
  private final List<IpPrefix> pools;
  private final AllowedUse use;

  private AssignRequest(Builder b) {
    this.handle = b.handle;
    this.host = b.host;
    this.ipv4 = b.ipv4;
    this.ipv6 = b.ipv6;
    this.attributes = b.attributes;
    this.hostLabels = b.hostLabels;
    this.pools = List.copyOf(b.pools);
    this.use = b.use;
  }

  /**
   * A builder for a request with no addresses yet, no attributes, no host labels, any pool, for
   * workloads.
   *
   * @param handle the handle the addresses will belong to (see {@link IpamNames})
   * @param host the host that asks; its blocks are filled first
   */
  public static Builder builder(String handle, String host) {
    return new Builder(handle, host);
  }

  /** The handle the addresses will belong to. */
  public String handle() {
    return handle;
  }

  /** The host that asks. */
  public String host() {
    return host;
  }

  /** How many IPv4 addresses. */
  public int ipv4() {
    return ipv4;
  }

  /** How many IPv6 addresses. */
  public int ipv6() {
    return ipv6;
  }

  /** How many addresses of a family. */
  public int count(IpFamily family) {
    return family == IpFamily.IPV4 ? ipv4 : ipv6;
  }

  /** The attributes stored with every address assigned. */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** The host's labels, which pools' node selectors match. */
  public Labels hostLabels() {
    return hostLabels;
  }

  /** The CIDRs of the only pools to use, or empty for any pool that selects the host. */
  public List<IpPrefix> pools() {
    return pools;
  }

  /** What the addresses are for; pools that do not allow it are not used. */
  public AllowedUse use() {
    return use;
  }

  @Override
  public String toString() {
    return "AssignRequest{handle="
        + handle
        + ", host="
        + host
        + ", ipv4="
        + ipv4
        + ", ipv6="
        + ipv6
        + (pools.isEmpty() ? "" : ", pools=" + pools)
        + ", use="
        + use.text()
        + '}';
  }

  /** Builds an {@link AssignRequest}. Not thread-safe. */
  public static final class Builder {
    private final String handle;
    private final String host;
    private int ipv4;
    private int ipv6;
    private Map<String, String> attributes = Map.of();
    private Labels hostLabels = Labels.empty();
    private List<IpPrefix> pools = List.of();
    private AllowedUse use = AllowedUse.WORKLOAD;

    private Builder(String handle, String host) {
      this.handle = handle;
      this.host = host;
    }

    /** How many IPv4 addresses, 0 to {@value AssignRequest#MAX_PER_FAMILY}. */
    public Builder ipv4(int count) {
      this.ipv4 = count;
      return this;
    }

    /** How many IPv6 addresses, 0 to {@value AssignRequest#MAX_PER_FAMILY}. */
    public Builder ipv6(int count) {
      this.ipv6 = count;
      return this;
    }

    /** The attributes to store with every address; see {@link Attributes} for the limits. */
    public Builder attributes(Map<String, String> attributes) {
      this.attributes = Attributes.copyOf("attributes", attributes);
      return this;
    }

    /**
     * The host's labels, for the pools' node selectors.
     *
     * @throws IllegalArgumentException naming a key or value that is not a valid label
     */
    public Builder hostLabels(Map<String, String> labels) {
      try {
        this.hostLabels = Labels.of(labels);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("host labels: " + e.getMessage(), e);
      }
      return this;
    }

    /** The CIDRs of the only pools to use; each must be a pool's CIDR exactly. */
    public Builder pools(List<IpPrefix> pools) {
      List<IpPrefix> copy = new ArrayList<>(pools.size());
      for (IpPrefix pool : pools) {
        copy.add(Objects.requireNonNull(pool, "a pool CIDR"));
      }
      this.pools = copy;
      return this;
    }

    /** What the addresses are for; {@link AllowedUse#WORKLOAD} by default. */
    public Builder use(AllowedUse use) {
      this.use = Objects.requireNonNull(use, "use");
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException if the handle or host is malformed, a count is out of range,
     *     or nothing is asked for; the message names the value
     */
    public AssignRequest build() {
      IpamNames.requireHandle(handle);
      IpamNames.requireHost(host);
      checkCount("IPv4", ipv4);
      checkCount("IPv6", ipv6);
      if (ipv4 == 0 && ipv6 == 0) {
        throw new IllegalArgumentException(
            "request for handle '" + handle + "' asks for no address; set ipv4 or ipv6");
      }
      return new AssignRequest(this);
    }

    private static void checkCount(String family, int count) {
      if (count < 0 || count > MAX_PER_FAMILY) {
        throw new IllegalArgumentException(
            family + " count must be from 0 to " + MAX_PER_FAMILY + ", was " + count);
      }
    }
  }
}
