package dev.gingham.spi.dataplane;

import java.util.List;

/** Interface addresses. */
public interface Addresses {

  /** Every address in the namespace. */
  List<InterfaceAddress> list(NetworkNamespace ns);

  /** The addresses of one device. */
  List<InterfaceAddress> list(NetworkNamespace ns, String device);

  /**
   * Adds an address.
   *
   * @throws ObjectExistsException if the device has it
   * @throws NoSuchObjectException if there is no such device
   */
  void add(NetworkNamespace ns, InterfaceAddress address);

  /**
   * Removes an address.
   *
   * @return whether the device had it
   */
  boolean delete(NetworkNamespace ns, InterfaceAddress address);
}
