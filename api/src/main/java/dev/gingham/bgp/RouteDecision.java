package dev.gingham.bgp;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a {@link RoutePolicy} decided for a route: accept it, reject it, or accept changed. */
public final class RouteDecision {
  private static final RouteDecision ACCEPT = new RouteDecision(true, null);
  private static final RouteDecision REJECT = new RouteDecision(false, null);

  private final boolean accepted;
  private final @Nullable PathAttributes attributes;

  private RouteDecision(boolean accepted, @Nullable PathAttributes attributes) {
    this.accepted = accepted;
    this.attributes = attributes;
  }

  /** Accept the route as it is. */
  public static RouteDecision accept() {
    return ACCEPT;
  }

  /** Reject the route: on import it is not a candidate, on export it is not advertised. */
  public static RouteDecision reject() {
    return REJECT;
  }

  /** Accept the route with these attributes instead. */
  public static RouteDecision modify(PathAttributes attributes) {
    return new RouteDecision(true, Objects.requireNonNull(attributes, "attributes"));
  }

  /** Whether the route is accepted. */
  public boolean accepted() {
    return accepted;
  }

  /** The attributes to use: the replacement, or {@code original} if there is none. */
  public PathAttributes attributesOr(PathAttributes original) {
    return attributes != null ? attributes : original;
  }

  @Override
  public String toString() {
    return !accepted ? "reject" : attributes == null ? "accept" : "modify(" + attributes + ")";
  }
}
