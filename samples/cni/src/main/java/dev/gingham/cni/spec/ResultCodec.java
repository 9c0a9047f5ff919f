package dev.gingham.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link CniResult} as any supported version and reads a result of any of them.
 *
 * <ul>
 *   <li>0.3.0, 0.3.1 and 0.4.0: each of {@code ips} has {@code version} ({@code "4"} or {@code
 *       "6"});
 *   <li>1.0.0: no {@code version};
 *   <li>1.1.0: as 1.0.0, and interfaces carry their {@code mtu}.
 * </ul>
 *
 * <p>Reading is strict about the types of the fields it uses and lenient about fields it does not
 * know, which other plugins (and later versions) may add. Every failure is a {@link CniException}
 * with {@link ErrorCodes#DECODING_FAILURE} naming the field. At most {@value #MAX_ENTRIES} entries
 * per list are read.
 */
public final class ResultCodec {
  /** The most entries read per list. */
  public static final int MAX_ENTRIES = 1024;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ResultCodec() {}

  /** The result as {@code version} writes it, with {@code cniVersion}. */
  public static ObjectNode encode(CniResult result, CniVersion version) {
    ObjectNode o = F.objectNode();
    o.put("cniVersion", version.toString());
    if (!result.interfaces().isEmpty()) {
      ArrayNode a = o.putArray("interfaces");
      for (CniResult.Interface i : result.interfaces()) {
        ObjectNode n = a.addObject();
        n.put("name", i.name());
        if (!i.mac().isEmpty()) {
          n.put("mac", i.mac());
        }
        if (i.mtu() > 0 && version.atLeast(CniVersion.V1_1_0)) {
          n.put("mtu", i.mtu());
        }
        if (!i.sandbox().isEmpty()) {
          n.put("sandbox", i.sandbox());
        }
      }
    }
    if (!result.ips().isEmpty()) {
      ArrayNode a = o.putArray("ips");
      for (CniResult.IpConfig ip : result.ips()) {
        ObjectNode n = a.addObject();
        if (!version.atLeast(CniVersion.V1_0_0)) {
          n.put("version", ip.address().family() == IpFamily.IPV4 ? "4" : "6");
        }
        if (ip.interfaceIndex() != null) {
          n.put("interface", ip.interfaceIndex());
        }
        n.put("address", ip.cidr());
        if (ip.gateway() != null) {
          n.put("gateway", ip.gateway().toString());
        }
      }
    }
    if (!result.routes().isEmpty()) {
      ArrayNode a = o.putArray("routes");
      for (CniResult.RouteEntry r : result.routes()) {
        ObjectNode n = a.addObject();
        n.put("dst", r.dst().toString());
        if (r.gw() != null) {
          n.put("gw", r.gw().toString());
        }
      }
    }
    ObjectNode dns = o.putObject("dns");
    CniResult.Dns d = result.dns();
    if (!d.nameservers().isEmpty()) {
      d.nameservers().forEach(dns.putArray("nameservers")::add);
    }
    if (!d.domain().isEmpty()) {
      dns.put("domain", d.domain());
    }
    if (!d.search().isEmpty()) {
      d.search().forEach(dns.putArray("search")::add);
    }
    if (!d.options().isEmpty()) {
      d.options().forEach(dns.putArray("options")::add);
    }
    return o;
  }

  /**
   * Reads a result of any supported version.
   *
   * @param where the field it was found in, for messages: {@code prevResult}
   * @throws CniException with {@link ErrorCodes#DECODING_FAILURE} naming the bad field
   */
  public static CniResult decode(JsonNode node, String where) {
    if (!node.isObject()) {
      throw bad(where, "must be an object, was " + node.getNodeType());
    }
    List<CniResult.Interface> ifs = new ArrayList<>();
    for (JsonNode n : list(node, "interfaces", where)) {
      String at = where + ".interfaces[" + ifs.size() + "]";
      requireObject(n, at);
      String name = text(n, "name", at, true);
      int mtu = 0;
      JsonNode m = n.get("mtu");
      if (m != null && !m.isNull()) {
        if (!m.isInt() || m.asInt() < 0) {
          throw bad(at + ".mtu", "must be a non-negative integer, was " + m);
        }
        mtu = m.asInt();
      }
      ifs.add(
          new CniResult.Interface(
              name, text(n, "mac", at, false), mtu, text(n, "sandbox", at, false)));
    }
    List<CniResult.IpConfig> ips = new ArrayList<>();
    for (JsonNode n : list(node, "ips", where)) {
      String at = where + ".ips[" + ips.size() + "]";
      requireObject(n, at);
      String addressText = text(n, "address", at, true);
      int slash = addressText.indexOf('/');
      IpAddress address;
      int length;
      try {
        if (slash < 0) {
          throw new IllegalArgumentException("missing '/'");
        }
        address = IpAddress.parse(addressText.substring(0, slash));
        String len = addressText.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
          throw new IllegalArgumentException("bad prefix length");
        }
        length = Integer.parseInt(len);
        if (length > address.bitLength()) {
          throw new IllegalArgumentException("prefix length above " + address.bitLength());
        }
      } catch (IllegalArgumentException e) {
        throw bad(
            at + ".address",
            "\""
                + CniEnvironment.printable(addressText)
                + "\" is not an address with a prefix length"
                + " ("
                + e.getMessage()
                + ")");
      }
      String version = text(n, "version", at, false);
      if (!version.isEmpty() && !version.equals(address.family() == IpFamily.IPV4 ? "4" : "6")) {
        throw bad(
            at + ".version",
            "\"" + CniEnvironment.printable(version) + "\" does not match the address " + address);
      }
      IpAddress gateway = address(n, "gateway", at);
      Integer index = null;
      JsonNode i = n.get("interface");
      if (i != null && !i.isNull()) {
        if (!i.isInt() || i.asInt() < 0 || i.asInt() >= ifs.size()) {
          throw bad(
              at + ".interface", "must index interfaces (0.." + (ifs.size() - 1) + "), was " + i);
        }
        index = i.asInt();
      }
      ips.add(new CniResult.IpConfig(address, length, gateway, index));
    }
    List<CniResult.RouteEntry> routes = new ArrayList<>();
    for (JsonNode n : list(node, "routes", where)) {
      String at = where + ".routes[" + routes.size() + "]";
      requireObject(n, at);
      String dst = text(n, "dst", at, true);
      IpPrefix prefix;
      try {
        prefix = IpPrefix.parseMasking(dst);
      } catch (IllegalArgumentException e) {
        throw bad(at + ".dst", e.getMessage());
      }
      routes.add(new CniResult.RouteEntry(prefix, address(n, "gw", at)));
    }
    CniResult.Dns dns = CniResult.Dns.EMPTY;
    JsonNode d = node.get("dns");
    if (d != null && !d.isNull()) {
      String at = where + ".dns";
      requireObject(d, at);
      dns =
          new CniResult.Dns(
              texts(d, "nameservers", at),
              text(d, "domain", at, false),
              texts(d, "search", at),
              texts(d, "options", at));
    }
    return new CniResult(ifs, ips, routes, dns);
  }

  private static List<JsonNode> list(JsonNode node, String field, String where) {
    JsonNode a = node.get(field);
    List<JsonNode> out = new ArrayList<>();
    if (a == null || a.isNull()) {
      return out;
    }
    if (!a.isArray()) {
      throw bad(where + "." + field, "must be a list, was " + a.getNodeType());
    }
    if (a.size() > MAX_ENTRIES) {
      throw bad(where + "." + field, "has " + a.size() + " entries, more than " + MAX_ENTRIES);
    }
    a.forEach(out::add);
    return out;
  }

  private static List<String> texts(JsonNode node, String field, String where) {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : list(node, field, where)) {
      if (!n.isTextual()) {
        throw bad(where + "." + field + "[" + i + "]", "must be a string, was " + n.getNodeType());
      }
      out.add(n.asText());
      i++;
    }
    return out;
  }

  private static void requireObject(JsonNode n, String at) {
    if (!n.isObject()) {
      throw bad(at, "must be an object, was " + n.getNodeType());
    }
  }

  private static String text(JsonNode n, String field, String at, boolean required) {
    JsonNode f = n.get(field);
    if (f == null || f.isNull()) {
      if (required) {
        throw bad(at + "." + field, "is required");
      }
      return "";
    }
    if (!f.isTextual()) {
      throw bad(at + "." + field, "must be a string, was " + f.getNodeType());
    }
    return f.asText();
  }

  private static @Nullable IpAddress address(JsonNode n, String field, String at) {
    String t = text(n, field, at, false);
    if (t.isEmpty()) {
      return null;
    }
    try {
      return IpAddress.parse(t);
    } catch (IllegalArgumentException e) {
      throw bad(at + "." + field, e.getMessage());
    }
  }

  private static CniException bad(String field, String why) {
    return new CniException(ErrorCodes.DECODING_FAILURE, field + ": " + why);
  }
}
