package dev.gingham.ipam;

/**
 * An IPAM operation failed because of the state it found. The subclasses say what; every message
 * names the values involved. An operation that throws one changed nothing, unless its subclass says
 * otherwise.
 */
public abstract sealed class IpamException extends RuntimeException
    permits InvalidPoolException,
        NoSuchPoolException,
        PoolDisabledException,
        PoolInUseException,
        NoUsablePoolException,
        PoolExhaustedException,
        AddressInUseException,
        AddressNotInPoolException,
        AddressReservedException,
        AffinityConflictException,
        ConflictException,
        IpamDataException {

  IpamException(String message) {
    super(message);
  }

  IpamException(String message, Throwable cause) {
    super(message, cause);
  }
}
