package dev.gingham.policy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What policy decides for a packet, and why: the egress stage of the source endpoint (when it is
 * one) and the ingress stage of the destination endpoint (when it is one). The packet is allowed
 * when every stage allows it.
 *
 * @param decision allow or deny
 * @param stages the stages evaluated, egress first
 */
public record Verdict(Decision decision, List<Stage> stages) {
  public Verdict {
    stages = List.copyOf(stages);
  }

  /** Allow or deny. */
  public enum Decision {
    ALLOW,
    DENY
  }

  /** What settled a stage. */
  public enum Reason {
    /** The source address is not one of the sending workload's: spoofed traffic is dropped. */
    SOURCE_NOT_ENDPOINT_ADDRESS,
    /** A policy rule with action Allow or Deny matched. */
    RULE,
    /** The packet reached the end of a tier in which a policy applied, and no rule said Pass. */
    END_OF_TIER,
    /** A profile rule matched. */
    PROFILE_RULE,
    /** No profile rule matched. */
    END_OF_PROFILES,
    /** No policy and no profile applies to the workload: allowed. */
    NO_POLICY_OR_PROFILE,
    /** No policy and no profile applies to the host endpoint: denied, as in Calico. */
    HOST_ENDPOINT_DEFAULT,
    /** A failsafe port of a host endpoint. */
    FAILSAFE
  }

  /**
   * One endpoint's decision in one direction.
   *
   * @param endpoint the endpoint, as {@code WorkloadEndpoint prod/web-1}
   * @param direction egress for the source's stage, ingress for the destination's
   * @param decision what this stage decided
   * @param reason what settled it
   * @param tier the tier of the deciding rule or end of tier, or null
   * @param policy the policy or profile of the deciding rule, or null
   * @param rule the index of the deciding rule, or -1
   * @param trace what was evaluated, in order, one line each
   */
  public record Stage(
      String endpoint,
      PolicyType direction,
      Decision decision,
      Reason reason,
      @Nullable String tier,
      @Nullable String policy,
      int rule,
      List<String> trace) {
    public Stage {
      trace = List.copyOf(trace);
    }
  }

  /** Whether the packet is allowed. */
  public boolean allowed() {
    return decision == Decision.ALLOW;
  }

  /** The explanation, several lines, as {@code gingham policy explain} prints it. */
  public String explain() {
    StringBuilder s = new StringBuilder();
    s.append(decision == Decision.ALLOW ? "ALLOW" : "DENY").append('\n');
    if (stages.isEmpty()) {
      s.append("  neither end is a local endpoint: no policy applies\n");
    }
    for (Stage st : stages) {
      s.append("  ")
          .append(st.direction() == PolicyType.EGRESS ? "egress from " : "ingress to ")
          .append(st.endpoint())
          .append(": ")
          .append(st.decision())
          .append(" (")
          .append(st.reason())
          .append(")\n");
      for (String line : st.trace()) {
        s.append("    ").append(line).append('\n');
      }
    }
    return s.toString();
  }
}
