package dev.gingham.cni.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gingham.cni.spec.Attachment;
import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.CniResult;
import dev.gingham.cni.spec.CniVersion;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.cni.spec.ResultCodec;
import dev.gingham.core.JsonTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a network configuration, in the order libcni's skel checks one: JSON that does not decode
 * is {@link ErrorCodes#DECODING_FAILURE}; a missing or invalid {@code name} is {@link
 * ErrorCodes#INVALID_NETWORK_CONFIG}; an unsupported {@code cniVersion} is {@link
 * ErrorCodes#INCOMPATIBLE_VERSION}; then every field is checked, and a field the plugin does not
 * know is {@link ErrorCodes#UNSUPPORTED_FIELD}, named. A value of the wrong type or range is {@link
 * ErrorCodes#INVALID_NETWORK_CONFIG}, named.
 *
 * <p>{@code gingham} checks every top-level field; {@code gingham-ipam} receives its parent
 * plugin's configuration (a {@code ptp}'s or a {@code bridge}'s), so it checks only the fields it
 * reads and its {@code ipam} section.
 *
 * <p>Calico's spellings are read too: {@code datastore_type: etcdv3} with {@code etcd_endpoints}
 * (and {@code etcd_ca_cert_file}, {@code etcd_cert_file}, {@code etcd_key_file}), {@code
 * log_file_path}, {@code nodename_file}, {@code calico-ipam}, and the {@code policy} and {@code
 * kubernetes} sections, which the node agent, not the plugin, acts on.
 */
public final class NetConfParser {
  /** What the parser checks. */
  public enum Mode {
    /** The main plugin: every top-level field. */
    PLUGIN,
    /** The IPAM plugin: its own fields and the ipam section. */
    IPAM
  }

  /** The largest configuration read. */
  public static final int MAX_BYTES = 1 << 20;

  /**
   * Duplicate fields are refused; the tree is read by streaming ({@link JsonTrees}) exactly as an
   * {@code ObjectMapper} with {@code FAIL_ON_TRAILING_TOKENS} reads it, without building one.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
  private static final String VALID_ATTACHMENTS = "cni.dev/valid-attachments";
  private static final String OLD_ATTACHMENTS = "cni.dev/attachments";

  private static final Set<String> COMMON =
      Set.of(
          "cniVersion",
          "name",
          "type",
          "args",
          "ipam",
          "dns",
          "prevResult",
          "runtimeConfig",
          "capabilities",
          VALID_ATTACHMENTS,
          OLD_ATTACHMENTS);
  private static final Set<String> PLUGIN_FIELDS =
      Set.of(
          "mtu",
          "nodename",
          "nodename_file",
          "nodename_file_optional",
          "log_level",
          "log_file_path",
          "datastore",
          "datastore_type",
          "etcd_endpoints",
          "etcd_ca_cert_file",
          "etcd_cert_file",
          "etcd_key_file",
          "policy",
          "kubernetes");
  private static final Set<String> IPAM_FIELDS =
      Set.of(
          "type",
          "assign_ipv4",
          "assign_ipv6",
          "ipv4_pools",
          "ipv6_pools",
          "datastore",
          "nodename");

  private NetConfParser() {}

  /**
   * Reads a configuration.
   *
   * @throws CniException naming what is wrong, with the code the class description gives
   */
  public static NetConf parse(byte[] json, Mode mode) {
    if (json.length > MAX_BYTES) {
      throw new CniException(
          ErrorCodes.DECODING_FAILURE,
          "network configuration is " + json.length + " bytes, more than " + MAX_BYTES);
    }
    JsonNode root;
    try (JsonParser p = JSON.createParser(json)) {
      root = JsonTrees.read(p, true);
    } catch (JsonProcessingException e) {
      throw new CniException(
          ErrorCodes.DECODING_FAILURE, "error decoding network config: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CniException(ErrorCodes.DECODING_FAILURE, "error reading network config", e);
    }
    if (root == null || !root.isObject()) {
      throw new CniException(
          ErrorCodes.DECODING_FAILURE,
          "error decoding network config: expected a JSON object, got "
              + (root == null
                  ? "nothing"
                  : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    String name = optText(root, "name", "");
    if (name.isEmpty()) {
      throw invalid("missing network name");
    }
    if (!NAME.matcher(name).matches()) {
      throw invalid(
          "invalid characters in network name \""
              + shown(name)
              + "\": must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
    }
    CniVersion version = CniVersion.requireSupported(optText(root, "cniVersion", ""));
    if (mode == Mode.PLUGIN) {
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!COMMON.contains(f) && !PLUGIN_FIELDS.contains(f)) {
          throw unsupported(f, "gingham");
        }
      }
    }
    String type = optText(root, "type", "");
    int mtu = 0;
    String nodename = null;
    String datastore = null;
    LogLevel level = LogLevel.INFO;
    Path logFile = null;
    if (mode == Mode.PLUGIN) {
      JsonNode m = root.get("mtu");
      if (m != null && !m.isNull()) {
        if (!m.isInt() || (m.asInt() != 0 && (m.asInt() < 68 || m.asInt() > 65535))) {
          throw invalid("mtu must be 0 or 68..65535, was " + shown(JsonTrees.toJson(m)));
        }
        mtu = m.asInt();
      }
      nodename = nodename(root);
      datastore = datastore(root);
      String l = optText(root, "log_level", "");
      if (!l.isEmpty()) {
        level = LogLevel.parse(l);
      }
      String lf = optText(root, "log_file_path", "");
      if (!lf.isEmpty()) {
        logFile = absolute("log_file_path", lf);
      }
      requireObjectOrAbsent(root, "policy");
      requireObjectOrAbsent(root, "kubernetes");
    } else {
      // The parent plugin's fields are its own; these are read only when they are well formed.
      JsonNode n = root.get("nodename");
      nodename = n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
      JsonNode d = root.get("datastore");
      datastore = d != null && d.isTextual() && !d.asText().isEmpty() ? d.asText() : null;
      JsonNode l = root.get("log_level");
      if (l != null && l.isTextual()) {
        level = LogLevel.parse(l.asText());
      }
      JsonNode lf = root.get("log_file_path");
      if (lf != null && lf.isTextual() && !lf.asText().isEmpty()) {
        logFile = absolute("log_file_path", lf.asText());
      }
    }
    requireObjectOrAbsent(root, "args");
    requireObjectOrAbsent(root, "runtimeConfig");
    requireObjectOrAbsent(root, "capabilities");
    IpamConf ipam = ipam(root.get("ipam"), mode);
    CniResult.Dns dns = CniResult.Dns.EMPTY;
    JsonNode d = root.get("dns");
    if (d != null && !d.isNull()) {
      dns = ResultCodec.decode(wrapDns(d), "config").dns();
    }
    CniResult prev = null;
    JsonNode p = root.get("prevResult");
    if (p != null && !p.isNull()) {
      prev = ResultCodec.decode(p, "prevResult");
    }
    List<Attachment> attachments = attachments(root);
    return new NetConf(
        version,
        name,
        type,
        mtu,
        nodename,
        datastore,
        level,
        logFile,
        ipam,
        dns,
        prev,
        attachments,
        root);
  }

  private static JsonNode wrapDns(JsonNode dns) {
    return JsonNodeFactory.instance.objectNode().set("dns", dns);
  }

  private static IpamConf ipam(@Nullable JsonNode node, Mode mode) {
    if (node == null || node.isNull()) {
      if (mode == Mode.IPAM) {
        throw invalid("ipam: missing; gingham-ipam is configured in the ipam section");
      }
      return new IpamConf(IpamConf.GINGHAM_IPAM, true, false, List.of(), List.of(), null, null);
    }
    if (!node.isObject()) {
      throw invalid("ipam must be an object, was " + node.getNodeType());
    }
    String type = optText(node, "type", "ipam.type", "");
    if (type.isEmpty()) {
      throw invalid("ipam.type: missing");
    }
    boolean ours = type.equals(IpamConf.GINGHAM_IPAM) || type.equals(IpamConf.CALICO_IPAM);
    if (!ours) {
      if (mode == Mode.IPAM) {
        throw invalid(
            "ipam.type \"" + shown(type) + "\": gingham-ipam serves gingham-ipam or calico-ipam");
      }
      // Another IPAM plugin, delegated to: its section is its own.
      return new IpamConf(type, true, false, List.of(), List.of(), null, null);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!IPAM_FIELDS.contains(f)) {
        throw unsupported("ipam." + f, "gingham-ipam");
      }
    }
    boolean v4 = bool(node, "assign_ipv4", true);
    boolean v6 = bool(node, "assign_ipv6", false);
    if (!v4 && !v6) {
      throw invalid("ipam: assign_ipv4 and assign_ipv6 are both false; nothing to assign");
    }
    String datastore = optText(node, "datastore", "ipam.datastore", "");
    String nodename = optText(node, "nodename", "ipam.nodename", "");
    return new IpamConf(
        type,
        v4,
        v6,
        texts(node, "ipv4_pools"),
        texts(node, "ipv6_pools"),
        datastore.isEmpty() ? null : datastore,
        nodename.isEmpty() ? null : nodename);
  }

  private static @Nullable String nodename(JsonNode root) {
    String n = optText(root, "nodename", "");
    if (!n.isEmpty()) {
      return n;
    }
    String file = optText(root, "nodename_file", "");
    if (!file.isEmpty()) {
      Path path = absolute("nodename_file", file);
      try {
        String s = java.nio.file.Files.readString(path).strip();
        if (!s.isEmpty()) {
          return s;
        }
      } catch (IOException e) {
        JsonNode optional = root.get("nodename_file_optional");
        if (optional == null || !optional.asBoolean(false)) {
          throw new CniException(
              ErrorCodes.IO_FAILURE, "nodename_file " + path + " cannot be read", e);
        }
      }
    }
    return null;
  }

  /** The datastore URI: {@code datastore}, or Calico's etcd fields, or null for the default. */
  private static @Nullable String datastore(JsonNode root) {
    String uri = optText(root, "datastore", "");
    String type = optText(root, "datastore_type", "");
    String endpoints = optText(root, "etcd_endpoints", "");
    if (!type.isEmpty() && !type.equals("etcdv3")) {
      throw new CniException(
          ErrorCodes.UNSUPPORTED_FIELD,
          "datastore_type \""
              + shown(type)
              + "\" is not supported: use etcdv3 with etcd_endpoints, or datastore with a URI");
    }
    if (!uri.isEmpty()) {
      if (!type.isEmpty() || !endpoints.isEmpty()) {
        throw invalid("datastore and datastore_type/etcd_endpoints are both set; choose one");
      }
      if (uri.indexOf(':') <= 0) {
        throw invalid("datastore \"" + shown(uri) + "\" is not a URI such as sqlite:/path");
      }
      return uri;
    }
    if (endpoints.isEmpty()) {
      if (!type.isEmpty()) {
        throw invalid("datastore_type etcdv3 needs etcd_endpoints");
      }
      return null;
    }
    boolean tls = false;
    List<String> hosts = new ArrayList<>();
    for (String e : endpoints.split(",")) {
      String s = e.strip();
      if (s.startsWith("https://")) {
        tls = true;
        s = s.substring(8);
      } else if (s.startsWith("http://")) {
        s = s.substring(7);
      }
      if (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      if (s.isEmpty() || s.contains("/") || s.contains("?") || s.contains("@")) {
        throw invalid("etcd_endpoints: \"" + shown(e) + "\" is not http(s)://host:port");
      }
      hosts.add(s);
    }
    StringBuilder b = new StringBuilder(tls ? "etcds://" : "etcd://");
    b.append(String.join(",", hosts));
    String sep = "?";
    for (String[] f :
        new String[][] {
          {"etcd_ca_cert_file", "ca"}, {"etcd_cert_file", "cert"}, {"etcd_key_file", "key"}
        }) {
      String v = optText(root, f[0], "");
      if (!v.isEmpty()) {
        b.append(sep).append(f[1]).append('=').append(absolute(f[0], v));
        sep = "&";
      }
    }
    return b.toString();
  }

  private static List<Attachment> attachments(JsonNode root) {
    List<Attachment> out = new ArrayList<>();
    for (String field : new String[] {VALID_ATTACHMENTS, OLD_ATTACHMENTS}) {
      JsonNode a = root.get(field);
      if (a == null || a.isNull()) {
        continue;
      }
      if (!a.isArray()) {
        throw invalid(field + " must be a list, was " + a.getNodeType());
      }
      int i = 0;
      for (JsonNode n : a) {
        String at = field + "[" + i++ + "]";
        if (!n.isObject()) {
          throw invalid(at + " must be an object, was " + n.getNodeType());
        }
        String id = optText(n, "containerID", at + ".containerID", "");
        String ifname = optText(n, "ifname", at + ".ifname", "");
        if (id.isEmpty() || ifname.isEmpty()) {
          throw invalid(at + " needs containerID and ifname");
        }
        out.add(new Attachment(id, ifname));
      }
    }
    return out;
  }

  private static boolean bool(JsonNode node, String field, boolean dflt) {
    JsonNode f = node.get(field);
    if (f == null || f.isNull()) {
      return dflt;
    }
    if (f.isBoolean()) {
      return f.asBoolean();
    }
    // Calico writes "true" and "false" as strings.
    if (f.isTextual() && (f.asText().equals("true") || f.asText().equals("false"))) {
      return Boolean.parseBoolean(f.asText());
    }
    throw invalid("ipam." + field + " must be true or false, was " + shown(JsonTrees.toJson(f)));
  }

  private static List<String> texts(JsonNode node, String field) {
    JsonNode f = node.get(field);
    List<String> out = new ArrayList<>();
    if (f == null || f.isNull()) {
      return out;
    }
    if (!f.isArray()) {
      throw invalid("ipam." + field + " must be a list of pool names or CIDRs");
    }
    for (JsonNode n : f) {
      if (!n.isTextual() || n.asText().isEmpty()) {
        throw invalid(
            "ipam."
                + field
                + " must be a list of pool names or CIDRs, has "
                + shown(JsonTrees.toJson(n)));
      }
      out.add(n.asText());
    }
    return out;
  }

  private static void requireObjectOrAbsent(JsonNode root, String field) {
    JsonNode f = root.get(field);
    if (f != null && !f.isNull() && !f.isObject()) {
      throw invalid(field + " must be an object, was " + f.getNodeType());
    }
  }

  private static String optText(JsonNode node, String field, String dflt) {
    return optText(node, field, field, dflt);
  }

  private static String optText(JsonNode node, String field, String shownAs, String dflt) {
    JsonNode f = node.get(field);
    if (f == null || f.isNull()) {
      return dflt;
    }
    if (!f.isTextual()) {
      throw invalid(shownAs + " must be a string, was " + shown(JsonTrees.toJson(f)));
    }
    return f.asText();
  }

  private static Path absolute(String field, String path) {
    if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw invalid(field + " \"" + shown(path) + "\" is not an absolute path");
    }
    return Path.of(path);
  }

  private static CniException invalid(String message) {
    return new CniException(ErrorCodes.INVALID_NETWORK_CONFIG, message);
  }

  private static CniException unsupported(String field, String plugin) {
    return new CniException(
        ErrorCodes.UNSUPPORTED_FIELD,
        "unknown field \"" + shown(field) + "\" in the network configuration of " + plugin);
  }

  private static String shown(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      b.append(c < ' ' || c == 0x7f ? '?' : c);
    }
    return s.length() > 64 ? b + "..." : b.toString();
  }
}
