package dev.gingham.spi.dataplane;

/** Kernel parameters, read and written in a namespace. */
public interface Sysctls {

  /**
   * Reads a parameter, without its trailing newline.
   *
   * @throws NoSuchObjectException if the namespace has no such parameter
   */
  String get(NetworkNamespace ns, Sysctl sysctl);

  /**
   * Writes a parameter.
   *
   * @throws NoSuchObjectException if the namespace has no such parameter
   * @throws DataplaneException if the kernel refuses the value
   */
  void set(NetworkNamespace ns, Sysctl sysctl, String value);
}
