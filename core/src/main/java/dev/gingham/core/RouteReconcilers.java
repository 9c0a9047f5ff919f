package dev.gingham.core;

import dev.gingham.internal.route.DataplaneRouteReconciler;
import dev.gingham.route.Route;
import dev.gingham.route.RouteReconciler;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.time.Duration;
import java.util.Objects;

/** Makes {@link RouteReconciler}s that program a dataplane. */
public final class RouteReconcilers {
  /** Calico's route refresh interval. */
  public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(90);

  private RouteReconcilers() {}

  /** A reconciler of protocol {@value Route#PROTOCOL_GINGHAM} with the default resync. */
  public static RouteReconciler create(Dataplane dataplane, NetworkNamespace namespace) {
    return builder(dataplane, namespace).build();
  }

  /** A builder of a reconciler for the routes of a namespace. */
  public static Builder builder(Dataplane dataplane, NetworkNamespace namespace) {
    return new Builder(dataplane, namespace);
  }

  /** Builds a {@link RouteReconciler}. Not thread-safe. */
  public static final class Builder {
    private final Dataplane dataplane;
    private final NetworkNamespace namespace;
    private int protocol = Route.PROTOCOL_GINGHAM;
    private Duration resyncInterval = DEFAULT_RESYNC;

    private Builder(Dataplane dataplane, NetworkNamespace namespace) {
      this.dataplane = Objects.requireNonNull(dataplane, "dataplane");
      this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /** The route protocol it owns, 0..255; {@value Route#PROTOCOL_GINGHAM} by default. */
    public Builder protocol(int protocol) {
      if (protocol < 0 || protocol > 255) {
        throw new IllegalArgumentException("route protocol must be 0..255, was " + protocol);
      }
      this.protocol = protocol;
      return this;
    }

    /** How often it reconciles with nothing to prompt it; 90 seconds by default. */
    public Builder resyncInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("resync interval must be positive, was " + interval);
      }
      this.resyncInterval = interval;
      return this;
    }

    /** The reconciler, not yet started. */
    public RouteReconciler build() {
      return new DataplaneRouteReconciler(dataplane, namespace, protocol, resyncInterval);
    }
  }
}
