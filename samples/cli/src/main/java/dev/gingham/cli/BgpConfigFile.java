package dev.gingham.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.LargeCommunity;
import dev.gingham.bgp.NextHopMode;
import dev.gingham.bgp.Origin;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The YAML file {@code gingham bgp serve --config} reads.
 *
 * <pre>
 * as: 65001
 * router-id: 192.0.2.1
 * listen: {address: 0.0.0.0, port: 179}      # leave out for no listener
 * control-socket: /run/gingham/bgp.sock
 * peers:
 *   - {address: 192.0.2.2, as: 65002, hold-time: 90, passive: false,
 *      families: [ipv4-unicast, ipv6-unicast]}
 * announce:
 *   - {prefix: 10.1.0.0/16, communities: ["65001:10"], med: 5}
 * </pre>
 */
final class BgpConfigFile {
  /** The default control socket. */
  static final String DEFAULT_SOCKET = "/run/gingham/bgp.sock";

  @JsonProperty(value = "as", required = true)
  long as;

  @JsonProperty(value = "router-id", required = true)
  String routerId;

  @JsonProperty("listen")
  @Nullable Listen listen;

  @JsonProperty("control-socket")
  String controlSocket = DEFAULT_SOCKET;

  @JsonProperty("peers")
  List<Peer> peers = new ArrayList<>();

  @JsonProperty("announce")
  List<Announcement> announce = new ArrayList<>();

  static final class Listen {
    @JsonProperty(value = "address", required = true)
    String address;

    @JsonProperty("port")
    int port = PeerConfig.DEFAULT_PORT;
  }

  static final class Peer {
    @JsonProperty(value = "address", required = true)
    String address;

    @JsonProperty(value = "as", required = true)
    long as;

    @JsonProperty("port")
    int port = PeerConfig.DEFAULT_PORT;

    @JsonProperty("local-address")
    @Nullable String localAddress;

    @JsonProperty("passive")
    boolean passive;

    @JsonProperty("hold-time")
    int holdTime = (int) PeerConfig.DEFAULT_HOLD_TIME.getSeconds();

    @JsonProperty("connect-retry")
    int connectRetry = (int) PeerConfig.DEFAULT_CONNECT_RETRY.getSeconds();

    @JsonProperty("families")
    List<String> families = List.of("ipv4-unicast", "ipv6-unicast");

    @JsonProperty("next-hop")
    String nextHop = "auto";

    @JsonProperty("ipv4-next-hop")
    @Nullable String ipv4NextHop;

    @JsonProperty("ipv6-next-hop")
    @Nullable String ipv6NextHop;

    @JsonProperty("four-octet-as")
    boolean fourOctetAs = true;
  }

  static final class Announcement {
    @JsonProperty(value = "prefix", required = true)
    String prefix;

    @JsonProperty("next-hop")
    @Nullable String nextHop;

    @JsonProperty("origin")
    String origin = "igp";

    @JsonProperty("as-path")
    String asPath = "";

    @JsonProperty("med")
    @Nullable Long med;

    @JsonProperty("local-pref")
    @Nullable Long localPref;

    @JsonProperty("communities")
    List<String> communities = List.of();

    @JsonProperty("large-communities")
    List<String> largeCommunities = List.of();
  }

  /**
   * Reads and checks a file.
   *
   * @throws IllegalArgumentException naming the file, the field and the bad value
   * @throws IOException if the file cannot be read
   */
  static BgpConfigFile read(Path file) throws IOException {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    BgpConfigFile config;
    try {
      config = yaml.readValue(file.toFile(), BgpConfigFile.class);
    } catch (MismatchedInputException e) {
      throw new IllegalArgumentException(
          file + ": " + e.getOriginalMessage() + " at " + path(e), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage(), e);
    }
    if (config == null) {
      throw new IllegalArgumentException(file + ": the file is empty");
    }
    config.check(file);
    return config;
  }

  private static String path(MismatchedInputException e) {
    StringBuilder sb = new StringBuilder();
    for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
      sb.append(r.getFieldName() != null ? "/" + r.getFieldName() : "/" + r.getIndex());
    }
    return sb.length() == 0 ? "the top level" : sb.toString();
  }

  /** Converts every value now, so that a bad one fails before anything starts. */
  private void check(Path file) {
    try {
      // Jackson enforces "required" only for creator properties; these are fields.
      required(routerId, "router-id");
      if (as == 0) {
        throw new IllegalArgumentException("as is required (1..4294967295)");
      }
      if (peers == null) {
        peers = new ArrayList<>();
      }
      if (announce == null) {
        announce = new ArrayList<>();
      }
      if (controlSocket == null) {
        controlSocket = DEFAULT_SOCKET;
      }
      for (int i = 0; i < peers.size(); i++) {
        Peer p = required(peers.get(i), "peers/" + i);
        required(p.address, "peers/" + i + "/address");
        if (p.families == null || p.nextHop == null) {
          throw new IllegalArgumentException(
              "peers/" + i + ": families and next-hop cannot be null");
        }
      }
      for (int i = 0; i < announce.size(); i++) {
        Announcement a = required(announce.get(i), "announce/" + i);
        required(a.prefix, "announce/" + i + "/prefix");
        if (a.origin == null
            || a.asPath == null
            || a.communities == null
            || a.largeCommunities == null) {
          throw new IllegalArgumentException("announce/" + i + ": a list or text field is null");
        }
      }
      if (listen != null) {
        required(listen.address, "listen/address");
      }
      peerConfigs();
      routes();
      dev.gingham.net.Ipv4Address.parse(routerId);
      if (listen != null) {
        IpAddress.parse(listen.address);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static <T> T required(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  List<PeerConfig> peerConfigs() {
    List<PeerConfig> out = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      Peer p = peers.get(i);
      try {
        PeerConfig.Builder b =
            PeerConfig.builder(IpAddress.parse(p.address), p.as)
                .port(p.port)
                .passive(p.passive)
                .holdTime(Duration.ofSeconds(p.holdTime))
                .connectRetryTime(Duration.ofSeconds(p.connectRetry))
                .families(families(p.families))
                .nextHopMode(nextHopMode(p.nextHop))
                .fourOctetAs(p.fourOctetAs);
        if (p.localAddress != null) {
          b.localAddress(IpAddress.parse(p.localAddress));
        }
        if (p.ipv4NextHop != null) {
          b.ipv4NextHop(IpAddress.parse(p.ipv4NextHop));
        }
        if (p.ipv6NextHop != null) {
          b.ipv6NextHop(IpAddress.parse(p.ipv6NextHop));
        }
        out.add(b.build());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("peers/" + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static Set<AddressFamily> families(List<String> names) {
    Set<AddressFamily> out = EnumSet.noneOf(AddressFamily.class);
    for (String n : names) {
      switch (n) {
        case "ipv4-unicast":
          out.add(AddressFamily.IPV4_UNICAST);
          break;
        case "ipv6-unicast":
          out.add(AddressFamily.IPV6_UNICAST);
          break;
        default:
          throw new IllegalArgumentException(
              "unknown family '" + n + "' (expected ipv4-unicast or ipv6-unicast)");
      }
    }
    return out;
  }

  private static NextHopMode nextHopMode(String mode) {
    switch (mode) {
      case "auto":
        return NextHopMode.AUTO;
      case "self":
        return NextHopMode.SELF;
      case "keep":
        return NextHopMode.KEEP;
      default:
        throw new IllegalArgumentException(
            "next-hop must be auto, self or keep, was '" + mode + "'");
    }
  }

  List<BgpRoute> routes() {
    List<BgpRoute> out = new ArrayList<>();
    for (int i = 0; i < announce.size(); i++) {
      Announcement a = announce.get(i);
      try {
        PathAttributes.Builder b =
            PathAttributes.builder().origin(origin(a.origin)).asPath(AsPath.parse(a.asPath));
        if (a.nextHop != null) {
          b.nextHop(IpAddress.parse(a.nextHop));
        }
        if (a.med != null) {
          b.med(a.med);
        }
        if (a.localPref != null) {
          b.localPref(a.localPref);
        }
        for (String c : a.communities) {
          b.addCommunity(Community.parse(c));
        }
        for (String c : a.largeCommunities) {
          b.addLargeCommunity(LargeCommunity.parse(c));
        }
        IpPrefix prefix = IpPrefix.parse(a.prefix);
        IpAddress nh = a.nextHop == null ? null : IpAddress.parse(a.nextHop);
        if (nh != null && nh.family() != prefix.family()) {
          throw new IllegalArgumentException(
              "next-hop " + nh + " is not of the family of " + prefix);
        }
        out.add(BgpRoute.of(prefix, b.build()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("announce/" + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static Origin origin(String text) {
    try {
      return Origin.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "origin must be igp, egp or incomplete, was '" + text + "'", e);
    }
  }
}
