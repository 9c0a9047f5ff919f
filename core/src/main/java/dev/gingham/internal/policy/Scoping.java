package dev.gingham.internal.policy;

import dev.gingham.policy.Endpoint;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.Policy;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Selector;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How namespaces confine selectors, as Calico does it: a namespaced resource carries the label
 * {@code projectcalico.org/namespace}, inherits the labels of its profiles (the namespace's labels
 * under {@code pcns.} among them), and a namespace selector is a selector over those prefixed
 * labels. Everything here is a pure function; the evaluator and the compiler both call it, so they
 * cannot disagree about scope.
 */
public final class Scoping {
  private Scoping() {}

  /** The profile that carries a namespace's labels, as Calico names it. */
  public static String namespaceProfile(String namespace) {
    return "kns." + namespace;
  }

  /**
   * An endpoint's labels as selectors see them: its profiles' labels (earlier profiles win over
   * later ones), its own labels over those, and its namespace.
   */
  public static Labels effectiveLabels(Endpoint e, Function<String, @Nullable Profile> profiles) {
    Labels inherited = Labels.empty();
    List<String> names = e.profiles();
    for (int i = names.size() - 1; i >= 0; i--) {
      Profile p = profiles.apply(names.get(i));
      if (p != null) {
        inherited = inherited.overlay(p.labelsToApply());
      }
    }
    Labels l = inherited.overlay(e.labels());
    return e.namespace() == null ? l : l.with(Selector.NAMESPACE_LABEL, e.namespace());
  }

  /** A network set's labels as selectors see them: a namespaced set inherits its namespace's. */
  public static Labels effectiveLabels(NetworkSet s, Function<String, @Nullable Profile> profiles) {
    if (s.namespace() == null) {
      return s.labels();
    }
    Profile ns = profiles.apply(namespaceProfile(s.namespace()));
    Labels l = ns == null ? s.labels() : ns.labelsToApply().overlay(s.labels());
    return l.with(Selector.NAMESPACE_LABEL, s.namespace());
  }

  /** The endpoints a policy applies to, as one selector over effective labels. */
  public static Selector appliesTo(Policy p) {
    if (p.namespace() != null) {
      return p.selector().and(Selector.equal(Selector.NAMESPACE_LABEL, p.namespace()));
    }
    Selector ns = ((GlobalNetworkPolicy) p).namespaceSelector();
    return ns == null ? p.selector() : p.selector().and(namespaceSelector(ns));
  }

  /**
   * A namespace selector as a selector over effective labels: the namespace labels are read under
   * {@code pcns.}; {@code global()} selects what has no namespace; anything else selects only
   * namespaced resources.
   */
  public static Selector namespaceSelector(Selector ns) {
    Selector prefixed = ns.withKeyPrefix(Profile.NAMESPACE_LABEL_PREFIX);
    if (ns.toString().contains("global()")) {
      return prefixed;
    }
    return prefixed.and(Selector.has(Selector.NAMESPACE_LABEL));
  }

  /**
   * The selector one side of a rule matches addresses with, or null for none. In a namespaced
   * policy, or with a namespace selector, the side's selector is confined to the namespaces in
   * scope whenever the side selects at all (a selector, a not-selector or a namespace selector), as
   * Calico does; the not-selector itself is never confined.
   *
   * @param policyNamespace the namespace of the policy, or null for a global policy or profile
   */
  public static @Nullable Selector sideSelector(EntityRule side, @Nullable String policyNamespace) {
    Selector scope = null;
    if (side.namespaceSelector() != null) {
      scope = namespaceSelector(side.namespaceSelector());
    } else if (policyNamespace != null) {
      scope = Selector.equal(Selector.NAMESPACE_LABEL, policyNamespace);
    }
    boolean selects =
        side.selector() != null || side.notSelector() != null || side.namespaceSelector() != null;
    if (scope != null && selects) {
      return side.selector() == null ? scope : side.selector().and(scope);
    }
    return side.selector();
  }

  /** The selector whose endpoints a side's named ports resolve on: its selector, else all(). */
  public static Selector namedPortSelector(EntityRule side, @Nullable String policyNamespace) {
    Selector s = sideSelector(side, policyNamespace);
    return s == null ? Selector.ALL : s;
  }

  /** Labels with every key of {@code namespaceLabels} under {@code pcns.}: a kns profile's. */
  public static Labels namespaceProfileLabels(String namespace, Map<String, String> labels) {
    java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
    labels.forEach((k, v) -> m.put(Profile.NAMESPACE_LABEL_PREFIX + k, v));
    m.put(Profile.NAMESPACE_LABEL_PREFIX + "projectcalico.org/name", namespace);
    return Labels.of(m);
  }
}
