package dev.gingham.ipam;

import dev.gingham.net.IpAddress;

/** An address asked for is outside every pool. Nothing changed. */
public final class AddressNotInPoolException extends IpamException {
  private final IpAddress address;

  public AddressNotInPoolException(IpAddress address) {
    super(address + " is not in any pool");
    this.address = address;
  }

  /** The address. */
  public IpAddress address() {
    return address;
  }
}
