package dev.gingham.policy;

import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One side of a rule, source or destination: what the address and port on that side must be. Every
 * field that is set must match; an empty entity rule matches everything.
 *
 * <p>{@code selector} and {@code notSelector} match the labels of the endpoint or network set that
 * holds the address. In a namespaced policy a selector is confined to the policy's namespace,
 * unless {@code namespaceSelector} names the namespaces (by their labels) to look in instead;
 * {@code namespaceSelector: global()} looks at resources outside any namespace. Named ports resolve
 * on the endpoint that holds the address on this side.
 *
 * @param nets the address must be in one of these, when not empty
 * @param notNets the address must be in none of these
 * @param selector the address must belong to a matching endpoint or network set, or null
 * @param notSelector the address must not belong to a matching one, or null
 * @param namespaceSelector the namespaces {@code selector} looks in, or null
 * @param ports the port must match one of these, when not empty
 * @param notPorts the port must match none of these
 */
public record EntityRule(
    List<IpPrefix> nets,
    List<IpPrefix> notNets,
    @Nullable Selector selector,
    @Nullable Selector notSelector,
    @Nullable Selector namespaceSelector,
    List<Port> ports,
    List<Port> notPorts) {

  /** Matches everything. */
  public static final EntityRule ANY = builder().build();

  public EntityRule {
    nets = List.copyOf(nets);
    notNets = List.copyOf(notNets);
    ports = List.copyOf(ports);
    notPorts = List.copyOf(notPorts);
  }

  /** Whether no field is set. */
  public boolean isEmpty() {
    return equals(ANY);
  }

  /** Whether a port match is set, numeric or named. */
  public boolean hasPorts() {
    return !ports.isEmpty() || !notPorts.isEmpty();
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for an {@link EntityRule}. Not thread-safe. */
  public static final class Builder {
    private final List<IpPrefix> nets = new ArrayList<>();
    private final List<IpPrefix> notNets = new ArrayList<>();
    private @Nullable Selector selector;
    private @Nullable Selector notSelector;
    private @Nullable Selector namespaceSelector;
    private final List<Port> ports = new ArrayList<>();
    private final List<Port> notPorts = new ArrayList<>();

    private Builder() {}

    public Builder nets(List<IpPrefix> v) {
      nets.addAll(v);
      return this;
    }

    public Builder net(IpPrefix v) {
      nets.add(v);
      return this;
    }

    public Builder notNets(List<IpPrefix> v) {
      notNets.addAll(v);
      return this;
    }

    public Builder selector(@Nullable Selector v) {
      selector = v;
      return this;
    }

    public Builder selector(String v) {
      return selector(Selector.parse(v));
    }

    public Builder notSelector(@Nullable Selector v) {
      notSelector = v;
      return this;
    }

    public Builder namespaceSelector(@Nullable Selector v) {
      namespaceSelector = v;
      return this;
    }

    public Builder namespaceSelector(String v) {
      return namespaceSelector(Selector.parse(v));
    }

    public Builder ports(List<Port> v) {
      ports.addAll(v);
      return this;
    }

    public Builder port(Port v) {
      ports.add(v);
      return this;
    }

    public Builder notPorts(List<Port> v) {
      notPorts.addAll(v);
      return this;
    }

    public EntityRule build() {
      return new EntityRule(
          nets, notNets, selector, notSelector, namespaceSelector, ports, notPorts);
    }
  }
}
