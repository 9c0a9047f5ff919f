package dev.gingham.spi.dataplane.filter;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** An object of an nftables table. */
public sealed interface FilterObject
    permits FilterObject.Chain,
        FilterObject.Rule,
        FilterObject.NamedSet,
        FilterObject.NamedMap,
        FilterObject.Element {

  /**
   * A chain. A base chain hooks into the kernel's packet path; a regular chain is reached only by
   * jumps.
   *
   * @param name the chain's name
   * @param hook where a base chain hooks in, or null for a regular chain
   * @param comment a comment, or null
   */
  record Chain(String name, @Nullable Hook hook, @Nullable String comment) implements FilterObject {
    public Chain {
      FilterNames.requireName("chain", name);
      if (comment != null) {
        FilterNames.requireComment(comment);
      }
    }

    /** A regular chain. */
    public static Chain regular(String name) {
      return new Chain(name, null, null);
    }
  }

  /**
   * Where a base chain hooks in.
   *
   * @param type {@code filter}, {@code nat} or {@code route}
   * @param hook {@code prerouting}, {@code input}, {@code forward}, {@code output}, {@code
   *     postrouting} or {@code ingress}
   * @param priority the priority; lower runs first ({@code filter} is 0)
   * @param policy {@code accept} or {@code drop}: what happens at the end of the chain
   */
  record Hook(String type, String hook, int priority, String policy) {
    private static final Set<String> TYPES = Set.of("filter", "nat", "route");
    private static final Set<String> HOOKS =
        Set.of("prerouting", "input", "forward", "output", "postrouting", "ingress");
    private static final Set<String> POLICIES = Set.of("accept", "drop");

    public Hook {
      if (!TYPES.contains(type) || !HOOKS.contains(hook) || !POLICIES.contains(policy)) {
        throw new IllegalArgumentException(
            "bad base chain: type "
                + type
                + " (one of "
                + TYPES
                + "), hook "
                + hook
                + " (one of "
                + HOOKS
                + "), policy "
                + policy
                + " (one of "
                + POLICIES
                + ")");
      }
    }
  }

  /**
   * A rule of a chain.
   *
   * @param chain the chain it belongs to
   * @param body the match and verdict in nftables syntax, such as {@code ip saddr @allow-web tcp
   *     dport 80 accept}
   * @param comment a comment, or null
   * @param handle the kernel's handle when read back or when replacing, else empty
   */
  record Rule(String chain, String body, @Nullable String comment, OptionalLong handle)
      implements FilterObject {
    public Rule {
      FilterNames.requireName("chain", chain);
      FilterNames.requireText("rule body", body);
      if (comment != null) {
        FilterNames.requireComment(comment);
      }
    }

    /** A rule without comment or handle. */
    public static Rule of(String chain, String body) {
      return new Rule(chain, body, null, OptionalLong.empty());
    }
  }

  /**
   * A named set, such as the addresses an endpoint selector matches.
   *
   * @param name the set's name
   * @param type the element type, such as {@code ipv4_addr} or {@code inet_service}
   * @param flags such as {@code interval}
   * @param comment a comment, or null
   */
  record NamedSet(String name, String type, List<String> flags, @Nullable String comment)
      implements FilterObject {
    public NamedSet {
      FilterNames.requireName("set", name);
      FilterNames.requireText("set type", type);
      flags = List.copyOf(flags);
      flags.forEach(f -> FilterNames.requireName("set flag", f));
      if (comment != null) {
        FilterNames.requireComment(comment);
      }
    }
  }

  /**
   * A named map, such as the dispatch map from interface to endpoint chain.
   *
   * @param name the map's name
   * @param keyType the key type, such as {@code ifname}
   * @param valueType the value type, such as {@code verdict}
   * @param flags such as {@code interval}
   * @param comment a comment, or null
   */
  record NamedMap(
      String name, String keyType, String valueType, List<String> flags, @Nullable String comment)
      implements FilterObject {
    public NamedMap {
      FilterNames.requireName("map", name);
      FilterNames.requireText("map key type", keyType);
      FilterNames.requireText("map value type", valueType);
      flags = List.copyOf(flags);
      flags.forEach(f -> FilterNames.requireName("map flag", f));
      if (comment != null) {
        FilterNames.requireComment(comment);
      }
    }
  }

  /**
   * An element of a named set or map.
   *
   * @param container the set's or map's name
   * @param key the key in nftables syntax, such as {@code 10.65.0.0/26} or {@code "gg1234"}
   * @param value for a map, the value (such as {@code goto ep-1234}); null for a set
   */
  record Element(String container, String key, @Nullable String value) implements FilterObject {
    public Element {
      FilterNames.requireName("set or map", container);
      FilterNames.requireText("element key", key);
      if (value != null) {
        FilterNames.requireText("element value", value);
      }
    }
  }
}
