package dev.gingham.cni.delegate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.cni.plugin.SharedBackend;
import dev.gingham.cni.plugin.Skel;
import dev.gingham.cni.spec.CniVersion;
import dev.gingham.cni.spec.ErrorCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request frame into an answer by running the very plugin code a launcher's JVM runs
 * ({@link Skel}) in this process, on a {@link SharedBackend} kept open across requests. A frame
 * that cannot be decoded gets CNI error JSON with code {@value ErrorCodes#DECODING_FAILURE} and
 * exit status 1; nothing a request holds makes {@link #answer} throw.
 *
 * <p>Thread-safe. Invocations run one at a time: the plugin code shares one dataplane and the
 * host's IPAM lock is a file lock, which one process may hold only once. They still take that lock,
 * so plugins run by their own JVMs on the same host are serialised with them.
 */
public final class DelegateService {
  private static final Logger LOG = LoggerFactory.getLogger(DelegateService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SharedBackend backend;
  private final ReentrantLock running = new ReentrantLock();

  /** A service over a shared backend, which the caller closes. */
  public DelegateService(SharedBackend backend) {
    this.backend = backend;
  }

  /** The answer to a request frame, never an exception. */
  public DelegateAnswer answer(byte[] frame) {
    DelegateRequest request;
    try {
      request = DelegateRequest.decode(frame);
    } catch (DelegateProtocolException e) {
      LOG.warn("bad request of {} bytes: {}", frame.length, e.getMessage());
      return error(ErrorCodes.DECODING_FAILURE, "bad delegate request: " + e.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    running.lock();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      long t0 = System.nanoTime();
      LOG.debug(
          "{} {} {}: running",
          request.plugin().executable(),
          request.env().get("CNI_COMMAND"),
          request.env().get("CNI_CONTAINERID"));
      exit =
          Skel.run(
              request.plugin(),
              request.env(),
              new ByteArrayInputStream(request.stdin()),
              o,
              e,
              backend);
      LOG.debug(
          "{} {} {}: exit {} in {} ms",
          request.plugin().executable(),
          request.env().get("CNI_COMMAND"),
          request.env().get("CNI_CONTAINERID"),
          exit,
          (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException | Error e) {
      // Skel turns every RuntimeException into error JSON; this is what escapes it anyway.
      LOG.error("request failed", e);
      return error(ErrorCodes.INTERNAL, "delegate server: " + e);
    } finally {
      running.unlock();
    }
    return new DelegateAnswer(exit & 0xff, out.toByteArray(), err.toByteArray());
  }

  /** The answer to a request refused before it was decoded (too large): error JSON, code 6. */
  static DelegateAnswer refusal(String message) {
    return error(ErrorCodes.DECODING_FAILURE, message);
  }

  private static DelegateAnswer error(int code, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("cniVersion", CniVersion.LATEST.toString());
    o.put("code", code);
    o.put("msg", message);
    return DelegateAnswer.of(1, o + "\n", "");
  }
}
