package dev.gingham.core;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How policy is rendered to nftables.
 *
 * @param table the table's name in family {@code inet}
 * @param workloadInterfacePrefix the prefix of every workload interface; traffic on an interface
 *     with this prefix that belongs to no known workload is dropped
 * @param natOutgoingPools pools whose traffic to outside every pool is masqueraded
 * @param allPools every pool, so that traffic between pools is never masqueraded
 * @param localNode the node the ruleset is for, or null for every endpoint alike. With a node, as
 *     in Calico's Felix, the endpoints of other nodes contribute only what rules match on (their
 *     addresses in selector sets and named-port sets), never dispatch, policy or profile
 *     membership; endpoints with no node are rendered as local
 */
public record NftablesOptions(
    String table,
    String workloadInterfacePrefix,
    List<IpPrefix> natOutgoingPools,
    List<IpPrefix> allPools,
    @Nullable String localNode) {

  /** Table {@code gingham}, workload prefix {@code gw}, no NAT. */
  public static final NftablesOptions DEFAULT = builder().build();

  public NftablesOptions {
    if (workloadInterfacePrefix.isEmpty() || workloadInterfacePrefix.length() > 8) {
      throw new IllegalArgumentException(
          "workload interface prefix must be 1..8 characters, was '"
              + workloadInterfacePrefix
              + "'");
    }
    InterfaceName.requireValid(workloadInterfacePrefix);
    natOutgoingPools = List.copyOf(natOutgoingPools);
    allPools = List.copyOf(allPools);
    if (localNode != null && (localNode.isEmpty() || localNode.isBlank())) {
      throw new IllegalArgumentException(
          "local node must be a node's name, was '" + localNode + "'");
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for {@link NftablesOptions}. Not thread-safe. */
  public static final class Builder {
    private String table = "gingham";
    private String workloadInterfacePrefix = "gw";
    private final List<IpPrefix> natOutgoingPools = new ArrayList<>();
    private final List<IpPrefix> allPools = new ArrayList<>();
    private @Nullable String localNode;

    private Builder() {}

    public Builder table(String v) {
      table = v;
      return this;
    }

    public Builder workloadInterfacePrefix(String v) {
      workloadInterfacePrefix = v;
      return this;
    }

    /** A pool; with {@code natOutgoing}, its traffic to outside every pool is masqueraded. */
    public Builder pool(IpPrefix pool, boolean natOutgoing) {
      allPools.add(pool);
      if (natOutgoing) {
        natOutgoingPools.add(pool);
      }
      return this;
    }

    /** Render only this node's endpoints fully; see {@link NftablesOptions#localNode()}. */
    public Builder localNode(@Nullable String v) {
      localNode = v;
      return this;
    }

    public NftablesOptions build() {
      return new NftablesOptions(
          table, workloadInterfacePrefix, natOutgoingPools, allPools, localNode);
    }
  }
}
