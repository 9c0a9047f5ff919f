package dev.gingham.spi.dataplane;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpAddress;
import dev.gingham.net.MacAddress;

/**
 * A forwarding entry of a VXLAN device: frames for {@code mac} go to the VTEP at {@code
 * destination}, as {@code bridge fdb append MAC dev vxlan.calico dst IP} sets it.
 *
 * @param device the VXLAN device
 * @param mac the remote VTEP device's hardware address
 * @param destination the remote VTEP's underlay address
 */
public record FdbEntry(String device, MacAddress mac, IpAddress destination) {
  public FdbEntry {
    InterfaceName.requireValid(device);
  }
}
