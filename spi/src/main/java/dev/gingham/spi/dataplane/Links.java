package dev.gingham.spi.dataplane;

import dev.gingham.net.MacAddress;
import java.util.List;
import java.util.Optional;

/** Network devices. */
public interface Links {

  /** Every device in the namespace, by index. */
  List<Link> list(NetworkNamespace ns);

  /** The device with this name, if any. */
  Optional<Link> get(NetworkNamespace ns, String name);

  /**
   * Creates a veth pair with its peer directly in another namespace, both ends down.
   *
   * @return this end
   * @throws ObjectExistsException if either name is taken in its namespace; nothing is created
   */
  Link createVeth(NetworkNamespace ns, VethSpec spec);

  /**
   * Creates a VXLAN device, down.
   *
   * @throws ObjectExistsException if the name is taken
   */
  Link createVxlan(NetworkNamespace ns, VxlanSpec spec);

  /**
   * Creates an IP-in-IP device, down.
   *
   * @throws ObjectExistsException if the name is taken
   * @throws DataplaneUnsupportedException if the kernel lacks IPIP support
   */
  Link createIpip(NetworkNamespace ns, IpipSpec spec);

  /**
   * Sets a device up or down.
   *
   * @throws NoSuchObjectException if there is no such device
   */
  void setUp(NetworkNamespace ns, String name, boolean up);

  /** Sets a device's MTU. */
  void setMtu(NetworkNamespace ns, String name, int mtu);

  /** Sets a device's hardware address. */
  void setMac(NetworkNamespace ns, String name, MacAddress mac);

  /** Renames a device; it must be down. */
  void rename(NetworkNamespace ns, String name, String newName);

  /** Moves a device into another namespace, where it arrives down. */
  void moveTo(NetworkNamespace ns, String name, NetworkNamespace target);

  /**
   * Deletes a device (and a veth's peer with it).
   *
   * @return whether it existed
   */
  boolean delete(NetworkNamespace ns, String name);
}
