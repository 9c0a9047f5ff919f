package dev.gingham.cni.spec;

/**
 * The error codes of the CNI specification (1 to 99 are reserved to it), and Gingham's own from
 * 100.
 */
public final class ErrorCodes {
  /** The configuration's cniVersion is not one the plugin supports. */
  public static final int INCOMPATIBLE_VERSION = 1;

  /** The network configuration holds a field the plugin does not know or support. */
  public static final int UNSUPPORTED_FIELD = 2;

  /** The container is unknown or does not exist. */
  public static final int UNKNOWN_CONTAINER = 3;

  /** A required environment variable is missing or invalid. */
  public static final int INVALID_ENVIRONMENT = 4;

  /** Reading or writing failed. */
  public static final int IO_FAILURE = 5;

  /** The configuration or a result could not be decoded. */
  public static final int DECODING_FAILURE = 6;

  /** The network configuration is invalid. */
  public static final int INVALID_NETWORK_CONFIG = 7;

  /** A transient condition: try again later. */
  public static final int TRY_AGAIN_LATER = 11;

  /** STATUS: the plugin cannot serve ADDs now. */
  public static final int PLUGIN_NOT_AVAILABLE = 50;

  /** STATUS: the plugin can serve ADDs, with limited connectivity. */
  public static final int LIMITED_CONNECTIVITY = 51;

  /** Gingham: an unexpected failure inside the plugin. */
  public static final int INTERNAL = 100;

  /** Gingham: the datastore refused or could not be reached. */
  public static final int DATASTORE = 101;

  /** Gingham: no address could be assigned (the pools are exhausted or none is usable). */
  public static final int NO_ADDRESS = 102;

  /** Gingham: the container already has an interface named {@code CNI_IFNAME}. */
  public static final int INTERFACE_EXISTS = 103;

  /** Gingham: the kernel refused a change to the dataplane. */
  public static final int DATAPLANE = 104;

  /** Gingham: CHECK found the interface, an address or a route not as ADD made it. */
  public static final int CHECK_FAILED = 105;

  /** Gingham: the per-host IPAM lock was not acquired in time. */
  public static final int LOCK_TIMEOUT = 106;

  /** Gingham: a delegated IPAM plugin failed. */
  public static final int DELEGATE_FAILED = 107;

  private ErrorCodes() {}
}
