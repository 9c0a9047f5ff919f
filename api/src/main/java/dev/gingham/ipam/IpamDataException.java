package dev.gingham.ipam;

/**
 * A record in the datastore is not what IPAM wrote: it does not decode, or it contradicts itself or
 * its key. The operation that met it stopped without writing; {@link Ipam#check()} reports such
 * records instead of throwing.
 */
public final class IpamDataException extends IpamException {
  private final String key;

  /**
   * @param key the datastore key of the record
   * @param message what is wrong with it
   */
  public IpamDataException(String key, String message) {
    super("corrupt IPAM record '" + key + "': " + message);
    this.key = key;
  }

  /**
   * @param key the datastore key of the record
   * @param message what is wrong with it
   * @param cause the decoder's error
   */
  public IpamDataException(String key, String message, Throwable cause) {
    super("corrupt IPAM record '" + key + "': " + message, cause);
    this.key = key;
  }

  /** The datastore key of the record. */
  public String key() {
    return key;
  }
}
