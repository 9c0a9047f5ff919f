package dev.gingham.spi.dataplane;

import java.util.List;

/** Static and proxy neighbour entries, and VXLAN forwarding entries. */
public interface Neighbours {

  /** The permanent and proxy entries of the namespace (learned entries are left out). */
  List<Neighbour> list(NetworkNamespace ns);

  /**
   * Adds or replaces an entry.
   *
   * @throws NoSuchObjectException if there is no such device
   */
  void replace(NetworkNamespace ns, Neighbour neighbour);

  /**
   * Removes an entry.
   *
   * @return whether it existed
   */
  boolean delete(NetworkNamespace ns, Neighbour neighbour);

  /** The static forwarding entries of a VXLAN device. */
  List<FdbEntry> listFdb(NetworkNamespace ns, String device);

  /** Adds or replaces a forwarding entry. */
  void replaceFdb(NetworkNamespace ns, FdbEntry entry);

  /**
   * Removes a forwarding entry.
   *
   * @return whether it existed
   */
  boolean deleteFdb(NetworkNamespace ns, FdbEntry entry);
}
