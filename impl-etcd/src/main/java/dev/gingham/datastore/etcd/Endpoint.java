package dev.gingham.datastore.etcd;

/**
 * One etcd member to dial: a host name or IP literal, and a port.
 *
 * @param host a DNS name, an IPv4 literal, or an IPv6 literal without brackets
 * @param port from 1 to 65535
 */
record Endpoint(String host, int port) {

  /** etcd's registered client port, used when an endpoint names none. */
  static final int DEFAULT_PORT = 2379;

  Endpoint {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("endpoint host must not be empty");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(
          "port of endpoint '" + host + "' must be from 1 to 65535, was " + port);
    }
  }

  /** {@code host:port}, with brackets around an IPv6 literal, as gRPC targets and URIs want it. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
