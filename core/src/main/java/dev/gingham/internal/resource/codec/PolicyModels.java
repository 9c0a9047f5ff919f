package dev.gingham.internal.resource.codec;

import dev.gingham.policy.Endpoint;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.PolicyModel;
import dev.gingham.resource.HostEndpointSpec;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.WorkloadEndpointSpec;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The policy model that resources make: tiers, profiles, network sets, policies and endpoints, as
 * the evaluator and the dataplane compiler read them. Thread-safe: stateless.
 */
public final class PolicyModels {
  private PolicyModels() {}

  /**
   * Adds a resource to a model, if policy sees its kind.
   *
   * @return whether it was added; resources of other kinds (pools, BGP, nodes) are not
   */
  public static boolean add(PolicyModel.Builder model, Resource<?> r) {
    ResourceKind<?> k = r.kind();
    if (k == ResourceKind.TIER) {
      model.tier(r.as(ResourceKind.TIER).spec());
    } else if (k == ResourceKind.PROFILE) {
      model.profile(r.as(ResourceKind.PROFILE).spec());
    } else if (k == ResourceKind.NETWORK_SET || k == ResourceKind.GLOBAL_NETWORK_SET) {
      model.networkSet((NetworkSet) r.spec());
    } else if (k == ResourceKind.NETWORK_POLICY) {
      model.policy(r.as(ResourceKind.NETWORK_POLICY).spec());
    } else if (k == ResourceKind.GLOBAL_NETWORK_POLICY) {
      model.policy(r.as(ResourceKind.GLOBAL_NETWORK_POLICY).spec());
    } else {
      Endpoint e = endpoint(r);
      if (e == null) {
        return false;
      }
      model.endpoint(e);
    }
    return true;
  }

  /** The endpoint a workload or host endpoint resource makes; null for other kinds. */
  public static @Nullable Endpoint endpoint(Resource<?> r) {
    ResourceKind<?> k = r.kind();
    if (k == ResourceKind.WORKLOAD_ENDPOINT) {
      WorkloadEndpointSpec w = r.as(ResourceKind.WORKLOAD_ENDPOINT).spec();
      return w.toEndpoint(r.metadata());
    } else if (k == ResourceKind.HOST_ENDPOINT) {
      HostEndpointSpec h = r.as(ResourceKind.HOST_ENDPOINT).spec();
      return h.toEndpoint(r.metadata());
    }
    return null;
  }

  /**
   * The model of some resources; those of kinds policy does not see are skipped.
   *
   * @throws dev.gingham.policy.InvalidPolicyException if they do not fit together (a policy's tier
   *     or an endpoint's profile missing, two endpoints on one interface)
   */
  public static PolicyModel of(Collection<? extends Resource<?>> resources) {
    PolicyModel.Builder b = PolicyModel.builder();
    for (Resource<?> r : resources) {
      add(b, r);
    }
    return b.build();
  }
}
