package dev.gingham.cni.delegate;

import dev.gingham.cni.plugin.SharedBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delegate server: listens on a Unix socket (mode 0600) and answers one {@link DelegateRequest}
 * per connection with one {@link DelegateAnswer}, running the plugin in this process through a
 * {@link DelegateService}.
 *
 * <p>Per connection: the greeting is written at once, the request is read up to the client's
 * half-close (at most {@link DelegateRequest#MAX_BYTES} bytes, within {@link #REQUEST_TIMEOUT}, or
 * the connection is closed), then the answer is written and the connection closed. Up to {@value
 * #WORKERS} connections are read at once and {@value #QUEUE} more wait; past that a connection is
 * closed before the greeting, so its launcher runs the plugin itself.
 *
 * <p>The socket is bound under a temporary name, given mode 0600, and renamed into place, so it is
 * never reachable with looser permissions. A stale socket (nothing accepts on it) is replaced; a
 * live one is an error. {@link #close()} stops accepting, waits for the requests in hand, and
 * removes the socket. Thread-safe.
 *
 * <p>The node agent can embed it rather than run {@code gingham cni serve} beside it: {@code
 * DelegateServer.start(DEFAULT_SOCKET, new DelegateService(SharedBackend.create(uri)))}, closed
 * with the agent (not done yet: the agent is another issue's module).
 */
public final class DelegateServer implements AutoCloseable {
  /** Where the server listens by default, as the launchers expect. */
  public static final Path DEFAULT_SOCKET = Path.of("/run/gingham/cni.sock");

  /** How long a client may take to send its whole request. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  static final int WORKERS = 4;
  static final int QUEUE = 64;

  private static final Logger LOG = LoggerFactory.getLogger(DelegateServer.class);

  private final Path socket;
  private final @Nullable Object socketKey;
  private final ServerSocketChannel server;
  private final DelegateService service;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService timer;
  private final Thread acceptor;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private DelegateServer(Path socket, ServerSocketChannel server, DelegateService service)
      throws IOException {
    this.socket = socket;
    this.socketKey = fileKey(socket);
    this.server = server;
    this.service = service;
    this.workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> daemon(r, "gingham-cni-delegate"));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gingham-cni-timer"));
    this.acceptor = daemon(this::acceptLoop, "gingham-cni-accept");
  }

  /**
   * Binds the socket and starts serving.
   *
   * @param socket where to listen; its directory is created if missing
   * @param service what answers the requests
   * @throws IllegalStateException if a server already answers on {@code socket}, or the path is
   *     something other than a socket
   * @throws UncheckedIOException if the socket cannot be bound
   */
  public static DelegateServer start(Path socket, DelegateService service) {
    try {
      Path dir = socket.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      replaceStale(socket);
      Path tmp = socket.resolveSibling(socket.getFileName() + "." + ProcessHandle.current().pid());
      Files.deleteIfExists(tmp);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        server.bind(UnixDomainSocketAddress.of(tmp), 64);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, socket, StandardCopyOption.ATOMIC_MOVE);
        DelegateServer s = new DelegateServer(socket, server, service);
        s.acceptor.start();
        LOG.info("CNI delegate server listening on {}", socket);
        return s;
      } catch (IOException | RuntimeException e) {
        server.close();
        Files.deleteIfExists(tmp);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + socket + ": " + e.getMessage(), e);
    }
  }

  private static void replaceStale(Path socket) throws IOException {
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .isOther()) {
      throw new IllegalStateException(socket + " exists and is not a socket");
    }
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      throw new IllegalStateException("a server already listens on " + socket);
    } catch (IOException refused) {
      LOG.info("replacing the stale socket {} ({})", socket, refused.getMessage());
      Files.deleteIfExists(socket);
    }
  }

  /** Where the server listens. */
  public Path socket() {
    return socket;
  }

  /** Blocks until the server is closed. */
  public void awaitClose() throws InterruptedException {
    stopped.await();
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        LOG.warn("accept on {} failed: {}", socket, e.getMessage());
        continue;
      }
      try {
        workers.execute(() -> serve(c));
      } catch (RejectedExecutionException e) {
        // Closed before the greeting: the launcher runs the plugin itself.
        LOG.warn("{} connections waiting already: one closed unanswered", QUEUE);
        closeQuietly(c);
      }
    }
  }

  private void serve(SocketChannel c) {
    ScheduledFuture<?> deadline =
        timer.schedule(() -> closeQuietly(c), REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    try (c) {
      writeFully(c, DelegateAnswer.GREETING.getBytes(StandardCharsets.US_ASCII));
      byte[] request = readToEnd(c);
      deadline.cancel(false);
      DelegateAnswer answer =
          request == null
              ? DelegateService.refusal(
                  "bad delegate request: larger than " + DelegateRequest.MAX_BYTES + " bytes")
              : service.answer(request);
      writeFully(c, answer.encode());
    } catch (IOException e) {
      LOG.warn("connection on {} failed: {}", socket, e.getMessage());
    } finally {
      deadline.cancel(false);
    }
  }

  /** The request, or null when it is larger than the limit. */
  private static byte @Nullable [] readToEnd(SocketChannel c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(64 * 1024);
    while (c.read(b) >= 0) {
      if (out.size() + b.position() > DelegateRequest.MAX_BYTES) {
        return null;
      }
      out.write(b.array(), 0, b.position());
      b.clear();
    }
    out.write(b.array(), 0, b.position());
    return out.toByteArray();
  }

  private static void writeFully(SocketChannel c, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      c.write(b);
    }
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing to give up on it: nothing more to do
    }
  }

  private static @Nullable Object fileKey(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  /**
   * Stops accepting, lets the requests in hand finish (bounded to a minute), and removes the socket
   * if it is still this server's.
   */
  @Override
  public void close() {
    try {
      server.close();
      workers.shutdown();
      if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
      timer.shutdownNow();
      if (Files.exists(socket) && Objects.equals(fileKey(socket), socketKey)) {
        Files.delete(socket);
      }
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", socket, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  /**
   * Serves until the JVM is stopped: opens a {@link SharedBackend} on {@code datastoreUri} (null:
   * the default SQLite store), starts a server on {@code socket}, and closes both on shutdown. What
   * {@code gingham cni serve} runs.
   *
   * @throws IllegalStateException if another server already listens on {@code socket}
   */
  public static void serve(Path socket, @Nullable String datastoreUri) throws InterruptedException {
    SharedBackend backend = SharedBackend.create(datastoreUri);
    DelegateServer server;
    try {
      server = start(socket, new DelegateService(backend));
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    Thread hook =
        new Thread(
            () -> {
              server.close();
              backend.close();
            },
            "gingham-cni-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    server.awaitClose();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
