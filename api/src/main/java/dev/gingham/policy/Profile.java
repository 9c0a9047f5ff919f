package dev.gingham.policy;

import java.util.List;

/**
 * A profile: rules that apply to the endpoints that name it when no policy applies to them (or all
 * tiers passed), and labels those endpoints inherit. With Kubernetes, every namespace has a profile
 * {@code kns.NAMESPACE} that allows everything and carries the namespace's labels under the prefix
 * {@code pcns.}, and every service account a profile {@code ksa.NAMESPACE.NAME}.
 *
 * @param name the name
 * @param labelsToApply labels the endpoints inherit (their own labels win)
 * @param ingress the ingress rules, in order
 * @param egress the egress rules, in order
 */
public record Profile(String name, Labels labelsToApply, List<Rule> ingress, List<Rule> egress) {
  /** The prefix under which a namespace's labels reach its endpoints, as in Calico. */
  public static final String NAMESPACE_LABEL_PREFIX = "pcns.";

  public Profile {
    Names.requireName("Profile " + name, "metadata.name", name);
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
    for (int i = 0; i < ingress.size(); i++) {
      ingress.get(i).validate("Profile " + name, "spec.ingress[" + i + "]");
    }
    for (int i = 0; i < egress.size(); i++) {
      egress.get(i).validate("Profile " + name, "spec.egress[" + i + "]");
    }
  }

  /** A profile. */
  public static Profile of(
      String name, Labels labelsToApply, List<Rule> ingress, List<Rule> egress) {
    return new Profile(name, labelsToApply, ingress, egress);
  }
}
