package dev.gingham.spi.dataplane;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.RouteScope;

/**
 * An address on an interface, with the length of the subnet it implies: {@code 10.0.0.5/24 dev
 * eth0}. A workload's address is a {@code /32} or {@code /128}.
 *
 * @param device the interface
 * @param address the address
 * @param prefixLength the subnet length, up to the family's width
 * @param scope the address scope ({@link RouteScope#UNIVERSE} for global addresses)
 */
public record InterfaceAddress(
    String device, IpAddress address, int prefixLength, RouteScope scope) {
  public InterfaceAddress {
    InterfaceName.requireValid(device);
    if (prefixLength < 0 || prefixLength > address.bitLength()) {
      throw new IllegalArgumentException(
          "address "
              + address
              + " on "
              + device
              + ": prefix length must be 0.."
              + address.bitLength()
              + ", was "
              + prefixLength);
    }
  }

  /** A global address. */
  public static InterfaceAddress of(String device, IpAddress address, int prefixLength) {
    return new InterfaceAddress(device, address, prefixLength, RouteScope.UNIVERSE);
  }

  /** A global host address: {@code /32} or {@code /128}. */
  public static InterfaceAddress host(String device, IpAddress address) {
    return of(device, address, address.bitLength());
  }

  /** The subnet the address implies. */
  public IpPrefix subnet() {
    return IpPrefix.ofMasking(address, prefixLength);
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength + " dev " + device;
  }
}
