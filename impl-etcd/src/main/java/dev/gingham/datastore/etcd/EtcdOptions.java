package dev.gingham.datastore.etcd;

import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.base.DatastoreUri;
import dev.gingham.spi.datastore.base.WatchHub;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code etcd://} URI asks for: the members to dial and the options, all checked before any
 * connection is made.
 *
 * <p>{@code etcd://host[:port][,host[:port]...]} names the members (port 2379 when omitted; IPv6
 * literals in brackets, which {@link URI} accepts only around a single member: in a list, write
 * them {@code %5B} and {@code %5D}); {@code etcds://} is the same over TLS. Options:
 *
 * <ul>
 *   <li>{@code prefix=/gingham}: a namespace. Every key is stored under it and comes back without
 *       it; lists and watches never see keys outside it. Empty by default.
 *   <li>{@code tls=true|false}: dial with TLS. On by default for {@code etcds://} and when {@code
 *       ca}, {@code cert} or {@code key} is given; {@code tls=false} with any of them is an error.
 *   <li>{@code ca=/path/ca.pem}: the PEM certificates that sign the members' certificates; the
 *       JDK's trust store when omitted.
 *   <li>{@code cert=/path/client.pem} and {@code key=/path/client-key.pem}: a client certificate
 *       and its PKCS#8 PEM key, for mutual TLS. Both or neither.
 *   <li>{@code user=name} and {@code password=secret}: etcd's user authentication. Both or neither.
 *       The password never appears in a message.
 *   <li>{@code dialTimeout=5s}: how long opening the store waits for a first answer.
 *   <li>{@code requestTimeout=10s}: how long one call may take, retries included, before it fails
 *       with {@link dev.gingham.spi.datastore.DatastoreUnavailableException}.
 *   <li>{@code watchQueue=10000}: how many events one watch may have waiting before it gets a
 *       {@code ResyncRequired(SLOW_CONSUMER)} and ends.
 * </ul>
 *
 * @param uri the URI as given
 * @param endpoints the members, at least one, without repeats
 * @param prefix the namespace, possibly empty
 * @param tls whether to dial with TLS
 * @param ca the trusted CA file, or null for the JDK's trust store
 * @param cert the client certificate file, or null
 * @param key the client key file, or null
 * @param user the etcd user, or null
 * @param password the user's password, or null
 * @param dialTimeout how long opening waits for a first answer
 * @param requestTimeout how long one call may take
 * @param watchQueue how many events one watch may have waiting
 */
record EtcdOptions(
    URI uri,
    List<Endpoint> endpoints,
    String prefix,
    boolean tls,
    @Nullable Path ca,
    @Nullable Path cert,
    @Nullable Path key,
    @Nullable String user,
    @Nullable String password,
    Duration dialTimeout,
    Duration requestTimeout,
    int watchQueue) {

  static final String PREFIX = "prefix";
  static final String TLS = "tls";
  static final String CA = "ca";
  static final String CERT = "cert";
  static final String KEY = "key";
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String DIAL_TIMEOUT = "dialTimeout";
  static final String REQUEST_TIMEOUT = "requestTimeout";
  static final String WATCH_QUEUE = "watchQueue";

  /** The option names an {@code etcd://} URI may carry. */
  static final Set<String> NAMES =
      Set.of(
          PREFIX, TLS, CA, CERT, KEY, USER, PASSWORD, DIAL_TIMEOUT, REQUEST_TIMEOUT, WATCH_QUEUE);

  /** The schemes this store opens: plain and TLS. */
  static final Set<String> SCHEMES = Set.of("etcd", "etcds");

  static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The longest timeout accepted: longer ones are mistakes, and overflow gRPC's deadlines. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

  /** Never print the password, even by accident. */
  @Override
  public String toString() {
    return "EtcdOptions{" + DatastoreUri.redacted(uri) + '}';
  }

  /**
   * Parses and checks a URI. Opens no connection; only looks at the files it names.
   *
   * @throws IllegalArgumentException naming the option or endpoint that is wrong
   */
  static EtcdOptions parse(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException(
          "not an etcd:// or etcds:// URI: '" + DatastoreUri.redacted(uri) + "'");
    }
    String ssp = uri.getRawSchemeSpecificPart();
    int query = ssp.indexOf('?');
    if ((query < 0 ? ssp : ssp.substring(0, query)).indexOf('@') >= 0) {
      // The text before '@' may be a password, and with several members java.net.URI does not
      // see it as user info, so that DatastoreUri.redacted would print it: repeat none of it.
      throw new IllegalArgumentException(
          "etcd datastore URI has text before '@' in its member list (not shown: it may be a"
              + " password); give credentials as ?user=...&password=... instead");
    }
    DatastoreUri parsed = DatastoreUri.parse(uri, NAMES);
    String where = "datastore URI '" + DatastoreUri.redacted(uri) + "'";
    List<Endpoint> endpoints = endpoints(parsed.target(), where);

    String prefix = parsed.string(PREFIX, "");
    try {
      Keys.requireValidPrefix(prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "option '" + PREFIX + "' in " + where + " is not a valid key prefix: " + e.getMessage(),
          e);
    }

    Path ca = file(parsed, CA, where);
    Path cert = file(parsed, CERT, where);
    Path key = file(parsed, KEY, where);
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          where
              + " gives option '"
              + (cert == null ? KEY : CERT)
              + "' without '"
              + (cert == null ? CERT : KEY)
              + "'; a client certificate needs both its certificate and its key");
    }
    boolean impliedTls = scheme.equals("etcds") || ca != null || cert != null;
    boolean tls = parsed.bool(TLS, impliedTls);
    if (!tls && impliedTls) {
      throw new IllegalArgumentException(
          where
              + " says tls=false but "
              + (scheme.equals("etcds")
                  ? "uses the etcds scheme"
                  : "gives TLS files (ca, cert, key)")
              + "; drop one or the other");
    }

    String user = parsed.option(USER);
    String password = parsed.option(PASSWORD);
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException(
          where
              + " gives option '"
              + (user == null ? PASSWORD : USER)
              + "' without '"
              + (user == null ? USER : PASSWORD)
              + "'; etcd authentication needs both");
    }
    if (user != null && user.isEmpty()) {
      throw new IllegalArgumentException("option '" + USER + "' in " + where + " is empty");
    }
    if (password != null && password.isEmpty()) {
      throw new IllegalArgumentException("option '" + PASSWORD + "' in " + where + " is empty");
    }

    Duration dialTimeout = timeout(parsed, DIAL_TIMEOUT, DEFAULT_DIAL_TIMEOUT, where);
    Duration requestTimeout = timeout(parsed, REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, where);
    int watchQueue =
        parsed.integer(
            WATCH_QUEUE, WatchHub.DEFAULT_QUEUE_CAPACITY, 1, WatchHub.DEFAULT_QUEUE_CAPACITY * 100);
    return new EtcdOptions(
        uri,
        endpoints,
        prefix,
        tls,
        ca,
        cert,
        key,
        user,
        password,
        dialTimeout,
        requestTimeout,
        watchQueue);
  }

  private static List<Endpoint> endpoints(String target, String where) {
    if (!target.startsWith("//")) {
      throw new IllegalArgumentException(
          where + " names no members; write etcd://host:2379[,host:2379...]");
    }
    String hosts = target.substring(2);
    if (hosts.endsWith("/")) {
      hosts = hosts.substring(0, hosts.length() - 1);
    }
    if (hosts.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          where
              + " has a path after its members; an etcd URI names members only. Put a key"
              + " namespace in ?prefix=... instead");
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException(
          where + " names no members; write etcd://host:2379[,host:2379...]");
    }
    Set<Endpoint> endpoints = new LinkedHashSet<>();
    for (String text : hosts.split(",", -1)) {
      Endpoint endpoint = endpoint(text, where);
      if (!endpoints.add(endpoint)) {
        throw new IllegalArgumentException(where + " names member '" + endpoint + "' twice");
      }
    }
    return List.copyOf(new ArrayList<>(endpoints));
  }

  private static Endpoint endpoint(String text, String where) {
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException(
            where + " has member '" + text + "' with an unclosed '[' around an IPv6 address");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new IllegalArgumentException(
            where + " has member '" + text + "' with text after its IPv6 address: '" + rest + "'");
      }
      port = rest.isEmpty() ? null : rest.substring(1);
      if (!IPV6.matcher(host).matches() || host.indexOf(':') < 0) {
        throw new IllegalArgumentException(
            where + " has member '" + text + "' whose bracketed address is not IPv6");
      }
    } else {
      int colon = text.indexOf(':');
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
      if (host.isEmpty()) {
        throw new IllegalArgumentException(
            where + " has an empty member" + (text.isEmpty() ? "" : " host in '" + text + "'"));
      }
      if (!HOST_NAME.matcher(host).matches()) {
        throw new IllegalArgumentException(
            where
                + " has member '"
                + text
                + "' whose host is not a host name or address (IPv6 goes in brackets)");
      }
    }
    if (port == null) {
      return new Endpoint(host, Endpoint.DEFAULT_PORT);
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 1 || number > 65_535 || !port.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          where + " has member '" + text + "' with port '" + port + "'; expected 1 to 65535");
    }
    return new Endpoint(host, number);
  }

  private static @Nullable Path file(DatastoreUri parsed, String option, String where) {
    String value = parsed.option(option);
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "option '" + option + "' in " + where + " must name a file, was '" + value + "'");
    }
    Path path;
    try {
      path = Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "option '" + option + "' in " + where + " is not a valid path: '" + value + "'", e);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "option '"
              + option
              + "' in "
              + where
              + " names '"
              + path
              + "', which "
              + (Files.exists(path) ? "is not a regular file" : "does not exist"));
    }
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(
          "option '" + option + "' in " + where + " names '" + path + "', which is not readable");
    }
    return path;
  }

  private static Duration timeout(
      DatastoreUri parsed, String option, Duration defaultValue, String where) {
    Duration d = parsed.duration(option, defaultValue);
    if (d.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "option '"
              + option
              + "' in "
              + where
              + " is "
              + d
              + ", more than the limit of "
              + MAX_TIMEOUT.toMinutes()
              + "m");
    }
    if (d.toMillis() < 1) {
      throw new IllegalArgumentException(
          "option '" + option + "' in " + where + " is " + d + ", less than 1ms");
    }
    return d;
  }
}
