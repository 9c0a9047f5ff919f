package dev.gingham.spi.dataplane;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpAddress;
import dev.gingham.net.MacAddress;
import org.jspecify.annotations.Nullable;

/**
 * A neighbour (ARP or NDP) entry: a static binding of an address to a hardware address on a device,
 * or a proxy entry by which the device answers for an address that is not its own.
 *
 * @param device the device
 * @param address the neighbour's address
 * @param mac the hardware address; null for a proxy entry
 * @param proxy whether this is a proxy entry
 */
public record Neighbour(String device, IpAddress address, @Nullable MacAddress mac, boolean proxy) {
  public Neighbour {
    InterfaceName.requireValid(device);
    if (proxy == (mac != null)) {
      throw new IllegalArgumentException(
          "neighbour "
              + address
              + " on "
              + device
              + ": a static entry needs a hardware address, a proxy entry has none");
    }
  }

  /** A permanent entry. */
  public static Neighbour permanent(String device, IpAddress address, MacAddress mac) {
    return new Neighbour(device, address, mac, false);
  }

  /** A proxy entry. */
  public static Neighbour proxy(String device, IpAddress address) {
    return new Neighbour(device, address, null, true);
  }
}
