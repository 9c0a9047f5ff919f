package dev.gingham.ipam;

import dev.gingham.net.IpAddress;

/** An address asked for by {@code assignIp} is already assigned. Nothing changed. */
public final class AddressInUseException extends IpamException {
  private final IpAddress address;
  private final String handle;

  /**
   * @param address the address
   * @param handle the handle that holds it
   */
  public AddressInUseException(IpAddress address, String handle) {
    super(address + " is already assigned, to handle '" + handle + "'");
    this.address = address;
    this.handle = handle;
  }

  /** The address. */
  public IpAddress address() {
    return address;
  }

  /** The handle that holds it. */
  public String handle() {
    return handle;
  }
}
