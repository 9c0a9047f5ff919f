package dev.gingham.policy;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A rule of a policy or profile: when every field that is set matches a packet, the action applies.
 *
 * @param action what to do
 * @param protocol the protocol must be this, or null for any
 * @param notProtocol the protocol must not be this, or null
 * @param icmp the ICMP type and code must be these, or null
 * @param notIcmp the ICMP type and code must not be these, or null
 * @param source what the source must be
 * @param destination what the destination must be
 * @param annotations notes about the rule, which matching ignores (Calico's rule {@code
 *     metadata.annotations}), sorted by key
 */
public record Rule(
    Action action,
    @Nullable Protocol protocol,
    @Nullable Protocol notProtocol,
    @Nullable IcmpMatch icmp,
    @Nullable IcmpMatch notIcmp,
    EntityRule source,
    EntityRule destination,
    Map<String, String> annotations) {

  public Rule {
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      sorted.put(
          Labels.requireKey(e.getKey()),
          java.util.Objects.requireNonNull(e.getValue(), "annotation value"));
    }
    annotations = Collections.unmodifiableSortedMap(sorted);
  }

  /**
   * Checks what depends on more than one field: ports need a protocol that has them; ICMP matches
   * need ICMP or ICMPv6.
   *
   * @param resource the resource, for messages
   * @param field this rule's field, as {@code ingress[2]}
   * @throws InvalidPolicyException naming the resource and the field
   */
  public void validate(String resource, String field) {
    if (source.hasPorts() || destination.hasPorts()) {
      if (protocol == null || !protocol.hasPorts()) {
        throw new InvalidPolicyException(
            resource,
            field + (source.hasPorts() ? ".source.ports" : ".destination.ports"),
            "ports need protocol TCP, UDP, SCTP or UDPLite, but protocol is "
                + (protocol == null ? "unset" : protocol));
      }
    }
    if ((icmp != null || notIcmp != null) && (protocol == null || !protocol.isIcmp())) {
      throw new InvalidPolicyException(
          resource,
          field + (icmp != null ? ".icmp" : ".notICMP"),
          "an ICMP match needs protocol ICMP or ICMPv6, but protocol is "
              + (protocol == null ? "unset" : protocol));
    }
  }

  /** A rule that applies {@code action} to every packet. */
  public static Rule of(Action action) {
    return builder(action).build();
  }

  /** A builder for a rule with {@code action}. */
  public static Builder builder(Action action) {
    return new Builder(action);
  }

  /** A builder for a {@link Rule}. Not thread-safe. */
  public static final class Builder {
    private final Action action;
    private @Nullable Protocol protocol;
    private @Nullable Protocol notProtocol;
    private @Nullable IcmpMatch icmp;
    private @Nullable IcmpMatch notIcmp;
    private EntityRule source = EntityRule.ANY;
    private EntityRule destination = EntityRule.ANY;
    private Map<String, String> annotations = Map.of();

    private Builder(Action action) {
      this.action = action;
    }

    public Builder protocol(@Nullable Protocol v) {
      protocol = v;
      return this;
    }

    public Builder notProtocol(@Nullable Protocol v) {
      notProtocol = v;
      return this;
    }

    public Builder icmp(@Nullable IcmpMatch v) {
      icmp = v;
      return this;
    }

    public Builder notIcmp(@Nullable IcmpMatch v) {
      notIcmp = v;
      return this;
    }

    public Builder source(EntityRule v) {
      source = v;
      return this;
    }

    public Builder destination(EntityRule v) {
      destination = v;
      return this;
    }

    /** Notes about the rule, which matching ignores; the keys are label keys. */
    public Builder annotations(Map<String, String> v) {
      annotations = Map.copyOf(v);
      return this;
    }

    public Rule build() {
      return new Rule(
          action, protocol, notProtocol, icmp, notIcmp, source, destination, annotations);
    }
  }
}
