package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.base.DatastoreUri;
import dev.gingham.spi.datastore.base.WatchHub;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * What a {@code sqlite:} URI asks for: the database file and the options, all checked before any
 * file is touched.
 *
 * <p>{@code sqlite:/abs/path/state.db} and {@code sqlite:///abs/path/state.db} name an absolute
 * file, {@code sqlite:relative/path.db} one relative to the working directory. Options:
 *
 * <ul>
 *   <li>{@code sync=full|normal} (default {@code full}): {@code full} syncs the WAL at every
 *       commit, so that a commit survives power loss; {@code normal} syncs only at checkpoints, so
 *       that the last commits may be lost with the machine (never with the process: WAL mode keeps
 *       every commit through a crash or SIGKILL with either). {@code full} is the default because
 *       it costs little here: a commit took about 0.15-0.25 ms with {@code full} and 0.04-0.07 ms
 *       with {@code normal} on the development machine, while the store's writers (a CNI ADD or
 *       DEL, the agent's status) write a few times per operation.
 *   <li>{@code busy=30s}: how long a write waits for another process's write lock before it fails
 *       with {@link dev.gingham.spi.datastore.DatastoreUnavailableException}.
 *   <li>{@code history=10000}: how many revisions of history, values included, are kept for
 *       watches; older ones are compacted automatically by the write that goes past the bound. It
 *       must cover what is written while the slowest watching process is not looking (its poll
 *       interval, or a pause), or that process's watches must resync.
 *   <li>{@code poll=10ms}: how often a store with open watches looks for other processes' writes.
 *   <li>{@code watchQueue=10000}: how many events one watch may have waiting before it gets a
 *       {@code ResyncRequired(SLOW_CONSUMER)} and ends (as for the in-memory store).
 * </ul>
 *
 * @param uri the URI as given
 * @param path the database file, absolute and normalised
 * @param sync whether each commit is synced to disk
 * @param busy how long to wait for the write lock
 * @param history how many revisions of history to keep
 * @param poll how often watches look for other processes' writes
 * @param watchQueue how many events one watch may have waiting
 */
record SqliteOptions(
    URI uri, Path path, Sync sync, Duration busy, int history, Duration poll, int watchQueue) {

  /** How much SQLite syncs: the values of {@code PRAGMA synchronous} that make sense with WAL. */
  enum Sync {
    /** Sync the WAL at every commit: durable against power loss. */
    FULL,
    /** Sync only at checkpoints: durable against a crash of the process, not of the machine. */
    NORMAL
  }

  static final String SYNC = "sync";
  static final String BUSY = "busy";
  static final String HISTORY = "history";
  static final String POLL = "poll";
  static final String WATCH_QUEUE = "watchQueue";

  /** The option names a {@code sqlite:} URI may carry. */
  static final Set<String> NAMES = Set.of(SYNC, BUSY, HISTORY, POLL, WATCH_QUEUE);

  static final Sync DEFAULT_SYNC = Sync.FULL;
  static final Duration DEFAULT_BUSY = Duration.ofSeconds(30);
  static final int DEFAULT_HISTORY = 10_000;
  static final Duration DEFAULT_POLL = Duration.ofMillis(10);

  private static final Duration MAX_POLL = Duration.ofSeconds(60);

  /**
   * Parses and checks a URI. Touches no file: it only looks at what exists.
   *
   * @throws IllegalArgumentException naming the option or path that is wrong
   */
  static SqliteOptions parse(URI uri) {
    if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("sqlite")) {
      throw new IllegalArgumentException("not a sqlite: URI: '" + DatastoreUri.redacted(uri) + "'");
    }
    DatastoreUri parsed = DatastoreUri.parse(uri, NAMES);
    Path path = path(uri, parsed.target());
    Sync sync =
        Sync.valueOf(
            parsed
                .choice(
                    SYNC, DEFAULT_SYNC.name().toLowerCase(Locale.ROOT), Set.of("full", "normal"))
                .toUpperCase(Locale.ROOT));
    Duration busy = parsed.duration(BUSY, DEFAULT_BUSY);
    if (busy.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "option '"
              + BUSY
              + "' in datastore URI '"
              + DatastoreUri.redacted(uri)
              + "' is "
              + busy
              + ", more than the limit of "
              + Integer.MAX_VALUE
              + "ms");
    }
    int history = parsed.integer(HISTORY, DEFAULT_HISTORY, 1, Integer.MAX_VALUE);
    Duration poll = parsed.duration(POLL, DEFAULT_POLL);
    if (poll.compareTo(MAX_POLL) > 0) {
      throw new IllegalArgumentException(
          "option '"
              + POLL
              + "' in datastore URI '"
              + DatastoreUri.redacted(uri)
              + "' is "
              + poll
              + ", more than the limit of "
              + MAX_POLL.toSeconds()
              + "s");
    }
    int watchQueue =
        parsed.integer(
            WATCH_QUEUE, WatchHub.DEFAULT_QUEUE_CAPACITY, 1, WatchHub.DEFAULT_QUEUE_CAPACITY * 100);
    return new SqliteOptions(uri, path, sync, busy, history, poll, watchQueue);
  }

  private static Path path(URI uri, String target) {
    String where = "datastore URI '" + DatastoreUri.redacted(uri) + "'";
    if (uri.getRawAuthority() != null) {
      throw new IllegalArgumentException(
          where
              + " names a host ('"
              + uri.getRawAuthority()
              + "'); a sqlite: URI names a local file, as sqlite:/var/lib/gingham/state.db or"
              + " sqlite:relative/state.db");
    }
    String file = target.startsWith("//") ? target.substring(2) : target;
    if (file.isEmpty() || file.equals("/")) {
      throw new IllegalArgumentException(
          where
              + " names no file; use sqlite:/var/lib/gingham/state.db or sqlite:relative/state.db");
    }
    if (file.equals(":memory:")) {
      throw new IllegalArgumentException(
          where + " asks for an in-memory database; use the memory: store instead");
    }
    if (file.endsWith("/")) {
      throw new IllegalArgumentException(
          where + " names a directory ('" + file + "'), not a database file");
    }
    if (file.indexOf('\0') >= 0 || file.indexOf('?') >= 0) {
      // The JDBC driver would read what follows a '?' as its own parameters.
      throw new IllegalArgumentException(
          where
              + " has a NUL or '?' character in its path ('"
              + file
              + "'), which SQLite cannot open");
    }
    Path path;
    try {
      path = Path.of(file).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          where + " has a path that is not valid here ('" + file + "'): " + e.getReason(), e);
    }
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          where + " names a directory ('" + path + "'), not a database file");
    }
    for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
      if (Files.exists(parent)) {
        if (!Files.isDirectory(parent)) {
          throw new IllegalArgumentException(
              where
                  + ": the database's folder cannot be made because '"
                  + parent
                  + "' is a file, not a directory");
        }
        break;
      }
    }
    return path;
  }
}
