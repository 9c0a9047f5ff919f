package dev.gingham.dataplane.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * Requests over one {@link NetlinkSocket}: sequence numbers, acknowledgements, multi-part dumps,
 * and batches of many requests in one {@code sendmsg}.
 *
 * <p>A caller holds the channel's monitor ({@code synchronized (channel)}) from {@link #writer()}
 * until the answers are read, so that requests from several threads never interleave; every method
 * checks it. The kernel handles the messages of one {@code sendmsg} in order, before the call
 * returns, and answers each with an acknowledgement when it asked for one ({@code NLM_F_ACK}) and
 * with an error whenever it failed. A batch therefore asks only its last message to be
 * acknowledged: the answers before it are the errors, and its answer ends the batch.
 *
 * <p>Answers to requests that timed out earlier are recognised by their sequence numbers and
 * skipped. Receives time out after {@link #TIMEOUT_MILLIS}.
 */
public final class NetlinkChannel implements AutoCloseable {
  /** The longest wait for an answer. */
  public static final long TIMEOUT_MILLIS = 10_000;

  /** The send buffer: several hundred route messages. */
  public static final int SEND_CAPACITY = 256 * 1024;

  private static final int RECEIVE_CAPACITY = 64 * 1024;

  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_MULTI = 0x2;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_ROOT = 0x100;
  public static final int NLM_F_MATCH = 0x200;
  public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  public static final int NLM_F_APPEND = 0x800;

  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;

  private static final int NLM_F_CAPPED = 0x100;
  private static final int NLM_F_ACK_TLVS = 0x200;
  private static final int NLMSGERR_ATTR_MSG = 1;
  private static final int MAX_DUMP_RETRIES = 5;

  /** Receives the answers of a batch. */
  @FunctionalInterface
  public interface AnswerHandler {
    /**
     * One answer.
     *
     * @param seq the sequence number of the message it answers
     * @param errno 0 for an acknowledgement, else the error
     * @param kernelMessage the kernel's explanation, or null
     * @return true to stop waiting for further answers
     */
    boolean answer(int seq, int errno, @Nullable String kernelMessage);
  }

  /** Receives the messages of a dump, one at a time. */
  public interface MessageHandler {
    /**
     * One message; its bytes lie in {@code buffer} from {@code offset} for {@code length} bytes
     * (header included), valid only during the call.
     */
    void message(ByteBuffer buffer, int offset, int length, int type);

    /** The dump was interrupted by a change and starts again: forget what was received. */
    default void restart() {}
  }

  /** Writes a dump request, again when the dump must be restarted. */
  @FunctionalInterface
  public interface RequestEncoder {
    void encode(NetlinkWriter writer, int seq);
  }

  private final NetlinkSocket socket;
  private final NetlinkWriter writer = new NetlinkWriter(SEND_CAPACITY);
  private final ByteBuffer in =
      ByteBuffer.allocateDirect(RECEIVE_CAPACITY).order(ByteOrder.nativeOrder());
  private int seq = (int) (System.nanoTime() & 0x3fff_ffff) + 1;

  /**
   * Takes over a socket: asks for extended acknowledgements without the request echoed back, for
   * strict checking of dump requests (so that the kernel filters them), raises its buffers so that
   * a batch's answers fit, and bounds its receives.
   */
  public NetlinkChannel(NetlinkSocket socket) {
    this.socket = socket;
    socket.setNetlinkOption(NetlinkSocket.NETLINK_EXT_ACK, 1);
    socket.setNetlinkOption(NetlinkSocket.NETLINK_CAP_ACK, 1);
    if (socket.protocol() == NetlinkSocket.NETLINK_ROUTE) {
      socket.setNetlinkOption(NetlinkSocket.NETLINK_GET_STRICT_CHK, 1);
    }
    try {
      socket.setBuffers(4 * SEND_CAPACITY, 8 << 20);
    } catch (NetlinkException e) {
      // Without CAP_NET_ADMIN the system's limits apply; batches are then cut smaller by errors.
    }
    socket.setReceiveTimeout(TIMEOUT_MILLIS);
  }

  /** The socket. */
  public NetlinkSocket socket() {
    return socket;
  }

  private void requireLock() {
    if (!Thread.holdsLock(this)) {
      throw new IllegalStateException("the netlink channel is used without holding its lock");
    }
  }

  /** The writer for the next send, emptied. Hold the channel's lock. */
  public NetlinkWriter writer() {
    requireLock();
    writer.clear();
    return writer;
  }

  /** A fresh sequence number. Hold the channel's lock. */
  public int nextSeq() {
    requireLock();
    int s = seq++;
    if (seq <= 0) {
      seq = 1;
    }
    return s;
  }

  /**
   * Sends one request from the writer, which must ask for an acknowledgement, and waits for it.
   *
   * @throws NetlinkException with the kernel's errno when the request failed
   */
  public void request(String what, int requestSeq) {
    int[] error = {0};
    String[] message = {null};
    sendAwait(
        requestSeq,
        requestSeq,
        (s, errno, text) -> {
          error[0] = errno;
          message[0] = text;
          return true;
        });
    if (error[0] != 0) {
      throw new NetlinkException(what, error[0], message[0]);
    }
  }

  /**
   * Sends what the writer holds and reads answers to sequence numbers {@code firstSeq} to {@code
   * lastSeq} until the one to {@code lastSeq}, which must be the last message and ask for an
   * acknowledgement, or until the handler says stop. Hold the channel's lock.
   *
   * @throws NetlinkException if sending or receiving fails, or no answer comes in time
   */
  public void sendAwait(int firstSeq, int lastSeq, AnswerHandler handler) {
    requireLock();
    socket.send(writer.buffer(), writer.position());
    awaitAnswers(firstSeq, lastSeq, handler);
  }

  private void awaitAnswers(int firstSeq, int lastSeq, AnswerHandler handler) {
    while (!readAnswers(in, receive("answer to message " + lastSeq), firstSeq, lastSeq, handler)) {
      // the answers so far were handled; more are to come
    }
  }

  /**
   * Reads the answers ({@code NLMSG_ERROR}) in a received datagram to sequence numbers {@code
   * firstSeq} to {@code lastSeq}, skipping any other message.
   *
   * @return whether the answer to {@code lastSeq} was read, or the handler said stop
   * @throws NetlinkFormatException if a message's length runs past the datagram
   */
  public static boolean readAnswers(
      ByteBuffer in, int n, int firstSeq, int lastSeq, AnswerHandler handler) {
    int at = 0;
    boolean last = false;
    while (n - at >= NetlinkWriter.HEADER) {
      int len = in.getInt(at);
      int type = in.getShort(at + 4) & 0xffff;
      int flags = in.getShort(at + 6) & 0xffff;
      int s = in.getInt(at + 8);
      checkLength(at, len, n);
      if (type == NLMSG_ERROR && inRange(s, firstSeq, lastSeq)) {
        if (len < 20) {
          throw new NetlinkFormatException(
              "netlink answer at " + at + " has length " + len + ", needs 20");
        }
        int errno = -in.getInt(at + 16);
        boolean stop =
            handler.answer(s, errno, errno != 0 ? kernelMessage(in, at, len, flags) : null);
        last |= stop || s == lastSeq;
      }
      at += (len + 3) & ~3;
    }
    return last;
  }

  private static boolean inRange(int s, int first, int last) {
    return s - first >= 0 && last - s >= 0;
  }

  /**
   * Sends a dump request and hands every message of the answer to a handler, until the end of the
   * dump. A dump the kernel marks as interrupted by a concurrent change is restarted, up to five
   * times. Hold the channel's lock.
   *
   * @throws NetlinkException if the kernel refuses the dump or it fails
   */
  public void dump(String what, RequestEncoder request, MessageHandler handler) {
    requireLock();
    for (int attempt = 0; ; attempt++) {
      writer.clear();
      int s = nextSeq();
      request.encode(writer, s);
      socket.send(writer.buffer(), writer.position());
      if (!readDump(what, s, handler)) {
        return;
      }
      if (attempt == MAX_DUMP_RETRIES) {
        throw new NetlinkException(what + ": dump interrupted by changes, 6 times", 0, null);
      }
      handler.restart();
    }
  }

  /** Reads one dump; returns whether it was interrupted. */
  private boolean readDump(String what, int dumpSeq, MessageHandler handler) {
    boolean interrupted = false;
    while (true) {
      int status = readDumpPart(in, receive(what), dumpSeq, what, handler);
      interrupted |= (status & DUMP_INTERRUPTED) != 0;
      if ((status & DUMP_DONE) != 0) {
        return interrupted;
      }
    }
  }

  /** {@link #readDumpPart} read the end of the dump. */
  public static final int DUMP_DONE = 1;

  /** {@link #readDumpPart} read a part the kernel marked as interrupted by a change. */
  public static final int DUMP_INTERRUPTED = 2;

  /**
   * Reads the messages of a dump (or of a request's answer) in a received datagram, skipping those
   * of other sequence numbers.
   *
   * @return {@link #DUMP_DONE} and {@link #DUMP_INTERRUPTED} bits
   * @throws NetlinkException if the kernel answered with an error
   * @throws NetlinkFormatException if a message's length runs past the datagram
   */
  public static int readDumpPart(
      ByteBuffer in, int n, int dumpSeq, String what, MessageHandler handler) {
    int status = 0;
    int at = 0;
    while (n - at >= NetlinkWriter.HEADER) {
      int len = in.getInt(at);
      int type = in.getShort(at + 4) & 0xffff;
      int flags = in.getShort(at + 6) & 0xffff;
      int s = in.getInt(at + 8);
      checkLength(at, len, n);
      if (s == dumpSeq) {
        if ((flags & NLM_F_DUMP_INTR) != 0) {
          status |= DUMP_INTERRUPTED;
        }
        if (type == NLMSG_DONE || type == NLMSG_ERROR) {
          int error = len >= 20 ? -in.getInt(at + 16) : 0;
          if (error != 0) {
            throw new NetlinkException(what, error, kernelMessage(in, at, len, flags));
          }
          return status | DUMP_DONE;
        }
        if (type != NLMSG_NOOP && type != NLMSG_OVERRUN) {
          handler.message(in, at, len, type);
        }
      }
      at += (len + 3) & ~3;
    }
    return status;
  }

  private int receive(String what) {
    try {
      int n = socket.receive(in);
      in.limit(n);
      return n;
    } catch (NetlinkException e) {
      if (e.errno() == Errno.EAGAIN) {
        throw new NetlinkException(
            what + ": no answer within " + TIMEOUT_MILLIS + " ms", Errno.EAGAIN, null);
      }
      throw e;
    }
  }

  private static void checkLength(int at, int len, int received) {
    if (len < NetlinkWriter.HEADER || len > received - at) {
      throw new NetlinkFormatException(
          "netlink message at " + at + " has length " + len + ", limit " + (received - at));
    }
  }

  /** The extended acknowledgement's text, if the kernel sent one. */
  private static @Nullable String kernelMessage(ByteBuffer in, int at, int len, int flags) {
    if ((flags & NLM_F_ACK_TLVS) == 0 || len < 36) {
      return null;
    }
    int tlvs = at + 20;
    if ((flags & NLM_F_CAPPED) != 0) {
      tlvs += NetlinkWriter.HEADER;
    } else {
      tlvs += (in.getInt(at + 20) + 3) & ~3;
    }
    if (tlvs > at + len) {
      return null;
    }
    Attributes a = new Attributes(NLMSGERR_ATTR_MSG);
    try {
      a.parse(in, tlvs, at + len);
    } catch (NetlinkFormatException e) {
      return null;
    }
    return a.string(NLMSGERR_ATTR_MSG);
  }

  /** Closes the socket. Idempotent. */
  @Override
  public synchronized void close() {
    socket.close();
  }
}
