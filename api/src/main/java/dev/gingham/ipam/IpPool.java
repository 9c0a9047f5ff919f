package dev.gingham.ipam;

import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Labels;
import dev.gingham.policy.Selector;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A pool of addresses, cut into blocks that hosts claim: Calico's {@code IPPool}. Immutable; build
 * one with {@link #builder(String, IpPrefix)}, change one with {@link #toBuilder()}.
 *
 * <p>A pool is valid on its own when {@link Builder#build()} returns it:
 *
 * <ul>
 *   <li>the block size is /20 to /32 for IPv4 and /116 to /128 for IPv6 (default /26 and /122), and
 *       no shorter than the pool: a pool smaller than one block is refused;
 *   <li>IPIP is {@link EncapsulationMode#NEVER} for IPv6, and IPIP and VXLAN are not both on;
 *   <li>the node selector parses as a {@link Selector};
 *   <li>it allows at least one use, and the addresses it keeps at the edges of each block leave at
 *       least one to hand out.
 * </ul>
 *
 * <p>Beside other pools, {@link Ipam#createPool} refuses a pool that overlaps one, and {@link
 * Ipam#updatePool} refuses to change the CIDR or the block size.
 */
public final class IpPool {
  /** The default IPv4 block length, /26: 64 addresses. */
  public static final int DEFAULT_IPV4_BLOCK_SIZE = 26;

  /** The default IPv6 block length, /122: 64 addresses. */
  public static final int DEFAULT_IPV6_BLOCK_SIZE = 122;

  private final String name;
  private final IpPrefix cidr;
  private final int blockSize;
  private final EncapsulationMode ipipMode;
  private final EncapsulationMode vxlanMode;
  private final boolean natOutgoing;
  private final boolean disabled;
  private final boolean disableBgpExport;
  private final Selector nodeSelector;
  private final Set<AllowedUse> allowedUses;
  private final int reservedAtBlockStart;
  private final int reservedAtBlockEnd;

  private IpPool(Builder b, Selector selector) {
    this.name = b.name;
    this.cidr = b.cidr;
    this.blockSize = b.blockSize;
    this.ipipMode = b.ipipMode;
    this.vxlanMode = b.vxlanMode;
    this.natOutgoing = b.natOutgoing;
    this.disabled = b.disabled;
    this.disableBgpExport = b.disableBgpExport;
    this.nodeSelector = selector;
    this.allowedUses = Set.copyOf(b.allowedUses);
    this.reservedAtBlockStart = b.reservedAtBlockStart;
    this.reservedAtBlockEnd = b.reservedAtBlockEnd;
  }

  /**
   * A builder with the defaults: the family's default block size, no encapsulation, no NAT,
   * enabled, exported to BGP, {@code all()} hosts, both uses, and no addresses kept at block edges.
   *
   * @param name the pool's name, a DNS-1123 subdomain (see {@link IpamNames})
   * @param cidr the pool's addresses
   */
  public static Builder builder(String name, IpPrefix cidr) {
    return new Builder(name, cidr);
  }

  /** A builder holding this pool's values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(name, cidr);
    b.blockSize = blockSize;
    b.ipipMode = ipipMode;
    b.vxlanMode = vxlanMode;
    b.natOutgoing = natOutgoing;
    b.disabled = disabled;
    b.disableBgpExport = disableBgpExport;
    b.nodeSelector = nodeSelector.toString();
    b.allowedUses = EnumSet.copyOf(allowedUses);
    b.reservedAtBlockStart = reservedAtBlockStart;
    b.reservedAtBlockEnd = reservedAtBlockEnd;
    return b;
  }

  /** The pool's name. */
  public String name() {
    return name;
  }

  /** The pool's addresses. Cannot change after the pool is created. */
  public IpPrefix cidr() {
    return cidr;
  }

  /** The family of the pool's addresses. */
  public IpFamily family() {
    return cidr.family();
  }

  /** The prefix length of the pool's blocks. Cannot change after the pool is created. */
  public int blockSize() {
    return blockSize;
  }

  /** The number of addresses in one block. */
  public int addressesPerBlock() {
    return 1 << (cidr.network().bitLength() - blockSize);
  }

  /** When traffic from this pool is IPIP-encapsulated; always {@code NEVER} for IPv6. */
  public EncapsulationMode ipipMode() {
    return ipipMode;
  }

  /** When traffic from this pool is VXLAN-encapsulated. */
  public EncapsulationMode vxlanMode() {
    return vxlanMode;
  }

  /** Whether traffic from the pool to outside every pool is masqueraded. */
  public boolean natOutgoing() {
    return natOutgoing;
  }

  /** Whether the pool hands nothing out. Addresses already assigned stay assigned. */
  public boolean disabled() {
    return disabled;
  }

  /** Whether the pool's blocks are kept out of BGP advertisements. */
  public boolean disableBgpExport() {
    return disableBgpExport;
  }

  /**
   * Which hosts may take blocks from the pool, by their labels: a selector in Calico's language
   * ({@link Selector}), in canonical form.
   */
  public String nodeSelector() {
    return nodeSelector.toString();
  }

  /** Whether the node selector selects a host with these labels. Allocates nothing. */
  public boolean selectsNode(Labels labels) {
    return nodeSelector.matches(labels);
  }

  /** What the pool's addresses may be used for; never empty. */
  public Set<AllowedUse> allowedUses() {
    return allowedUses;
  }

  /** Whether the pool's addresses may be used for this. */
  public boolean allows(AllowedUse use) {
    return allowedUses.contains(use);
  }

  /**
   * How many addresses at the start of every block are never handed out: 1 keeps each block's
   * network address, 3 what Windows hosts need (as Calico's {@code HostReservedAttr}).
   */
  public int reservedAtBlockStart() {
    return reservedAtBlockStart;
  }

  /** How many addresses at the end of every block are never handed out: 1 keeps its broadcast. */
  public int reservedAtBlockEnd() {
    return reservedAtBlockEnd;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IpPool)) {
      return false;
    }
    IpPool p = (IpPool) o;
    return name.equals(p.name)
        && cidr.equals(p.cidr)
        && blockSize == p.blockSize
        && ipipMode == p.ipipMode
        && vxlanMode == p.vxlanMode
        && natOutgoing == p.natOutgoing
        && disabled == p.disabled
        && disableBgpExport == p.disableBgpExport
        && nodeSelector.equals(p.nodeSelector)
        && allowedUses.equals(p.allowedUses)
        && reservedAtBlockStart == p.reservedAtBlockStart
        && reservedAtBlockEnd == p.reservedAtBlockEnd;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, cidr, blockSize, nodeSelector, disabled);
  }

  @Override
  public String toString() {
    return "IpPool{"
        + name
        + ", "
        + cidr
        + ", blocks /"
        + blockSize
        + (ipipMode.isOn() ? ", ipip " + ipipMode.text() : "")
        + (vxlanMode.isOn() ? ", vxlan " + vxlanMode.text() : "")
        + (natOutgoing ? ", natOutgoing" : "")
        + (disabled ? ", disabled" : "")
        + (disableBgpExport ? ", disableBgpExport" : "")
        + (nodeSelector.isAll() ? "" : ", nodeSelector " + nodeSelector)
        + ", uses "
        + allowedUses
        + (reservedAtBlockStart + reservedAtBlockEnd > 0
            ? ", keeps " + reservedAtBlockStart + "+" + reservedAtBlockEnd + " per block"
            : "")
        + '}';
  }

  /** Builds an {@link IpPool}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final IpPrefix cidr;
    private int blockSize;
    private EncapsulationMode ipipMode = EncapsulationMode.NEVER;
    private EncapsulationMode vxlanMode = EncapsulationMode.NEVER;
    private boolean natOutgoing;
    private boolean disabled;
    private boolean disableBgpExport;
    private String nodeSelector = "all()";
    private EnumSet<AllowedUse> allowedUses = EnumSet.allOf(AllowedUse.class);
    private int reservedAtBlockStart;
    private int reservedAtBlockEnd;

    private Builder(String name, IpPrefix cidr) {
      this.name = name;
      this.cidr = Objects.requireNonNull(cidr, "cidr");
      this.blockSize =
          cidr.family() == IpFamily.IPV4 ? DEFAULT_IPV4_BLOCK_SIZE : DEFAULT_IPV6_BLOCK_SIZE;
    }

    /** The prefix length of the blocks: /20 to /32 for IPv4, /116 to /128 for IPv6. */
    public Builder blockSize(int blockSize) {
      this.blockSize = blockSize;
      return this;
    }

    /** When to IPIP-encapsulate; must stay {@code NEVER} for IPv6. */
    public Builder ipipMode(EncapsulationMode mode) {
      this.ipipMode = Objects.requireNonNull(mode, "ipipMode");
      return this;
    }

    /** When to VXLAN-encapsulate. */
    public Builder vxlanMode(EncapsulationMode mode) {
      this.vxlanMode = Objects.requireNonNull(mode, "vxlanMode");
      return this;
    }

    /** Whether to masquerade traffic leaving the pools. */
    public Builder natOutgoing(boolean natOutgoing) {
      this.natOutgoing = natOutgoing;
      return this;
    }

    /** Whether the pool hands nothing out. */
    public Builder disabled(boolean disabled) {
      this.disabled = disabled;
      return this;
    }

    /** Whether to keep the pool's blocks out of BGP. */
    public Builder disableBgpExport(boolean disableBgpExport) {
      this.disableBgpExport = disableBgpExport;
      return this;
    }

    /** Which hosts may take blocks; see {@link IpPool#nodeSelector()}. */
    public Builder nodeSelector(String nodeSelector) {
      this.nodeSelector = nodeSelector;
      return this;
    }

    /** What the addresses may be used for; at least one. */
    public Builder allowedUses(Set<AllowedUse> uses) {
      this.allowedUses = uses.isEmpty() ? EnumSet.noneOf(AllowedUse.class) : EnumSet.copyOf(uses);
      return this;
    }

    /** What the addresses may be used for; at least one. */
    public Builder allowedUses(AllowedUse first, AllowedUse... more) {
      this.allowedUses = EnumSet.of(first, more);
      return this;
    }

    /**
     * How many addresses at the start and at the end of every block are never handed out: {@code
     * (1, 1)} keeps each block's network and broadcast addresses, {@code (3, 1)} what Windows hosts
     * need.
     */
    public Builder reservedPerBlock(int atStart, int atEnd) {
      this.reservedAtBlockStart = atStart;
      this.reservedAtBlockEnd = atEnd;
      return this;
    }

    /**
     * Builds the pool.
     *
     * @throws InvalidPoolException if it is not valid on its own (see {@link IpPool}); the message
     *     names the value
     * @throws IllegalArgumentException if the name is malformed
     */
    public IpPool build() {
      IpamNames.requireResourceName("pool name", name);
      IpFamily family = cidr.family();
      int min = family == IpFamily.IPV4 ? 20 : 116;
      int max = family.bits();
      if (blockSize < min || blockSize > max) {
        throw invalid(
            "block size /"
                + blockSize
                + " is not in /"
                + min
                + "../"
                + max
                + " for an "
                + familyName(family)
                + " pool");
      }
      if (blockSize < cidr.length()) {
        throw invalid(
            "pool " + cidr + " is smaller than one /" + blockSize + " block; use a larger pool");
      }
      if (family == IpFamily.IPV6 && ipipMode.isOn()) {
        throw invalid("IPIP is not supported on IPv6 pools (ipipMode " + ipipMode.text() + ")");
      }
      if (ipipMode.isOn() && vxlanMode.isOn()) {
        throw invalid(
            "ipipMode "
                + ipipMode.text()
                + " and vxlanMode "
                + vxlanMode.text()
                + " cannot both be on");
      }
      if (allowedUses.isEmpty()) {
        throw invalid("allowedUses must name at least one of Workload and Tunnel");
      }
      int perBlock = 1 << (max - blockSize);
      if (reservedAtBlockStart < 0
          || reservedAtBlockEnd < 0
          || reservedAtBlockStart + reservedAtBlockEnd >= perBlock) {
        throw invalid(
            "keeping "
                + reservedAtBlockStart
                + " at the start and "
                + reservedAtBlockEnd
                + " at the end of each /"
                + blockSize
                + " block of "
                + perBlock
                + " addresses must leave at least one to hand out");
      }
      if (nodeSelector == null) {
        throw invalid("node selector must not be null; use all()");
      }
      Selector selector;
      try {
        selector = Selector.parse(nodeSelector);
      } catch (IllegalArgumentException e) {
        throw invalid("node " + e.getMessage());
      }
      return new IpPool(this, selector);
    }

    private InvalidPoolException invalid(String message) {
      return new InvalidPoolException(name, message);
    }

    private static String familyName(IpFamily family) {
      return family == IpFamily.IPV4 ? "IPv4" : "IPv6";
    }
  }
}
