package dev.gingham.policy;

/**
 * A named port of an endpoint, which rules reach by name.
 *
 * @param name the name, as {@link Port#requireName} checks it
 * @param protocol the protocol, one that has ports
 * @param port the number, 1..65535
 */
public record EndpointPort(String name, Protocol protocol, int port) {
  public EndpointPort {
    Port.requireName(name);
    if (!protocol.hasPorts()) {
      throw new IllegalArgumentException(
          "named port '" + name + "' has protocol " + protocol + ", which has no ports");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "named port '" + name + "' has port " + port + ", out of range 1..65535");
    }
  }

  /** A named port. */
  public static EndpointPort of(String name, Protocol protocol, int port) {
    return new EndpointPort(name, protocol, port);
  }
}
