package dev.gingham.route;

/** How far a route's destination is: Linux's route scopes, with their kernel numbers. */
public enum RouteScope {
  /** Anywhere: routes through a gateway. */
  UNIVERSE(0),
  /** Inside this site (IPv6). */
  SITE(200),
  /** On the attached link: device routes, such as Gingham's route to each local workload. */
  LINK(253),
  /** On this host. */
  HOST(254),
  /** Nowhere. */
  NOWHERE(255);

  private final int kernelValue;

  RouteScope(int kernelValue) {
    this.kernelValue = kernelValue;
  }

  /** The {@code RT_SCOPE_*} number. */
  public int kernelValue() {
    return kernelValue;
  }

  /**
   * The scope with this {@code RT_SCOPE_*} number.
   *
   * @throws IllegalArgumentException if there is none
   */
  public static RouteScope ofKernelValue(int value) {
    for (RouteScope s : values()) {
      if (s.kernelValue == value) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown route scope number " + value);
  }
}
