package dev.gingham.ipam;

import dev.gingham.net.IpAddress;

/**
 * An address asked for is never handed out: a reservation covers it, or its pool keeps the edges of
 * every block. Nothing changed.
 */
public final class AddressReservedException extends IpamException {
  private final IpAddress address;

  /**
   * @param address the address
   * @param reason what reserves it, such as {@code reservation 'gateways' (10.0.0.0/30)}
   */
  public AddressReservedException(IpAddress address, String reason) {
    super(address + " is reserved by " + reason);
    this.address = address;
  }

  /** The address. */
  public IpAddress address() {
    return address;
  }
}
