package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.CidrText;
import dev.gingham.net.IpPrefix;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where IPAM keeps its records: every key, in one place. Each kind of record is one key; values are
 * JSON (see the codecs of {@code dev.gingham.internal.ipam.codec}).
 *
 * <pre>
 * /gingham/ipam/v1/settings                          {"epoch": 7}: written with every change of
 *                                                    the next three, so that its one revision
 *                                                    stands for all of them
 * /gingham/ipam/v1/config                            the IpamConfig (absent: the defaults)
 * /gingham/ipam/v1/pools/&lt;name&gt;                      an IpPool
 * /gingham/ipam/v1/reservations/&lt;name&gt;               an IpReservation
 * /gingham/ipam/v1/blocks/&lt;cidr&gt;                     a block: affinity, ordinal table, free FIFO
 * /gingham/ipam/v1/affinities/&lt;host&gt;/&lt;cidr&gt;          a host's claim on a block, with its state
 * /gingham/ipam/v1/handles/&lt;handle&gt;                  a handle's blocks, with counts
 * </pre>
 *
 * A {@code <cidr>} is the block's canonical text with {@code '/'} as {@code '-'}: {@code
 * 10.65.0.0-26}, {@code fd00::-122}. Host names, handles and resource names hold no {@code '/'}
 * (see {@link dev.gingham.ipam.IpamNames}), so a host's affinities are exactly the keys under
 * {@code affinities/<host>/}.
 */
final class IpamKeys {
  static final String ROOT = "/gingham/ipam/v1/";
  static final String SETTINGS = ROOT + "settings";
  static final String CONFIG = ROOT + "config";
  static final String POOLS = ROOT + "pools/";
  static final String RESERVATIONS = ROOT + "reservations/";
  static final String BLOCKS = ROOT + "blocks/";
  static final String AFFINITIES = ROOT + "affinities/";
  static final String HANDLES = ROOT + "handles/";

  /** Block keys by CIDR: a block's key is built on every read and write of it. */
  private static final ConcurrentHashMap<IpPrefix, String> BLOCK_KEYS = new ConcurrentHashMap<>();

  private static final int BLOCK_KEYS_LIMIT = 1 << 16;

  private IpamKeys() {}

  static String pool(String name) {
    return POOLS + name;
  }

  static String reservation(String name) {
    return RESERVATIONS + name;
  }

  /** A block's key. Allocates nothing when it was asked before. */
  static String block(IpPrefix cidr) {
    String key = BLOCK_KEYS.get(cidr);
    if (key == null) {
      if (BLOCK_KEYS.size() >= BLOCK_KEYS_LIMIT) {
        BLOCK_KEYS.clear();
      }
      key = BLOCKS + segment(cidr);
      BLOCK_KEYS.put(cidr, key);
    }
    return key;
  }

  static String affinity(String host, IpPrefix cidr) {
    return AFFINITIES + host + '/' + segment(cidr);
  }

  /** The prefix of one host's affinities. */
  static String affinitiesOf(String host) {
    return AFFINITIES + host + '/';
  }

  static String handle(String handle) {
    return HANDLES + handle;
  }

  /** A CIDR as a key segment: {@code 10.65.0.0/26} is {@code 10.65.0.0-26}. */
  static String segment(IpPrefix cidr) {
    return CidrText.of(cidr).replace('/', '-');
  }

  /**
   * The CIDR of a key segment.
   *
   * @throws IllegalArgumentException if the segment is not one
   */
  static IpPrefix cidrOf(String segment) {
    int dash = segment.lastIndexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("'" + segment + "' is not a CIDR key segment");
    }
    return IpPrefix.parse(segment.substring(0, dash) + "/" + segment.substring(dash + 1));
  }
}
