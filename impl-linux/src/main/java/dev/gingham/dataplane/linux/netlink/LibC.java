package dev.gingham.dataplane.linux.netlink;

import com.kenai.jffi.LastError;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Platform;
import com.kenai.jffi.Type;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The C library calls the Linux dataplane makes, called through jffi, jnr-ffi's native invoker.
 * Buffers passed to the calls are direct, so that the kernel reads and writes their memory without
 * a copy; strings are copied into NUL-terminated direct buffers. Errors are read with {@link
 * #errno()} right after the failed call, on the same thread.
 *
 * <p>Each function is bound on its first call (see {@link NativeFunction}), so opening the
 * dataplane binds only the few that a netlink socket and a namespace handle need, with no interface
 * proxy, annotation processing or reflection: a CNI plugin pays for this once per process (issue
 * 10). Thread-safe.
 */
public final class LibC {
  private static final Type INT = Type.SINT;
  private static final Type LONG = Type.SLONG;
  private static final Type POINTER = Type.POINTER;
  // After the types: the instance's fields are built from them.
  private static final LibC INSTANCE = new LibC();

  private final NativeFunction socket = NativeFunction.ofInt("socket", INT, INT, INT);
  private final NativeFunction bind = NativeFunction.ofInt("bind", INT, POINTER, INT);
  private final NativeFunction getsockname =
      NativeFunction.ofInt("getsockname", INT, POINTER, POINTER);
  private final NativeFunction sendmsg = NativeFunction.ofLong("sendmsg", INT, POINTER, INT);
  private final NativeFunction recvmsg = NativeFunction.ofLong("recvmsg", INT, POINTER, INT);
  private final NativeFunction setsockopt =
      NativeFunction.ofInt("setsockopt", INT, INT, INT, POINTER, INT);
  private final NativeFunction open = NativeFunction.ofInt("open", POINTER, INT);
  private final NativeFunction close = NativeFunction.ofInt("close", INT);
  private final NativeFunction setns = NativeFunction.ofInt("setns", INT, INT);
  private final NativeFunction unshare = NativeFunction.ofInt("unshare", INT);
  private final NativeFunction mount =
      NativeFunction.ofInt("mount", POINTER, POINTER, POINTER, LONG, POINTER);
  private final NativeFunction umount2 = NativeFunction.ofInt("umount2", POINTER, INT);
  private final NativeFunction ioctl = NativeFunction.ofInt("ioctl", INT, LONG);

  private LibC() {}

  /** The library; nothing is loaded or bound until a function's first call. */
  public static LibC get() {
    return INSTANCE;
  }

  public int socket(int domain, int type, int protocol) {
    return (int) socket.call(domain, type, protocol);
  }

  /** {@code bind} with a {@code sockaddr} in a direct buffer. */
  public int bind(int fd, ByteBuffer address, int length) {
    int r = (int) bind.call(fd, address(address), length);
    Reference.reachabilityFence(address);
    return r;
  }

  /** {@code getsockname} into a direct buffer, with the length in and out of another. */
  public int getsockname(int fd, ByteBuffer address, ByteBuffer length) {
    int r = (int) getsockname.call(fd, address(address), address(length));
    Reference.reachabilityFence(address);
    Reference.reachabilityFence(length);
    return r;
  }

  /** {@code sendmsg} with a {@code struct msghdr} in a direct buffer. */
  public long sendmsg(int fd, ByteBuffer msghdr, int flags) {
    long r = sendmsg.call(fd, address(msghdr), flags);
    Reference.reachabilityFence(msghdr);
    return r;
  }

  /** {@code recvmsg} with a {@code struct msghdr} in a direct buffer. */
  public long recvmsg(int fd, ByteBuffer msghdr, int flags) {
    long r = recvmsg.call(fd, address(msghdr), flags);
    Reference.reachabilityFence(msghdr);
    return r;
  }

  /** {@code setsockopt} with the value in a direct buffer. */
  public int setsockopt(int fd, int level, int name, ByteBuffer value, int length) {
    int r = (int) setsockopt.call(fd, level, name, address(value), length);
    Reference.reachabilityFence(value);
    return r;
  }

  public int open(String path, int flags) {
    return onPath(open, path, flags);
  }

  public int close(int fd) {
    return (int) close.call(fd);
  }

  public int setns(int fd, int nstype) {
    return (int) setns.call(fd, nstype);
  }

  public int unshare(int flags) {
    return (int) unshare.call(flags);
  }

  /** {@code mount}; a null {@code data} is passed as a null pointer. */
  public int mount(String source, String target, String type, long flags, @Nullable String data) {
    ByteBuffer s = cString(source);
    ByteBuffer t = cString(target);
    ByteBuffer ty = cString(type);
    ByteBuffer d = data == null ? null : cString(data);
    int r =
        (int) mount.call(address(s), address(t), address(ty), flags, d == null ? 0 : address(d));
    Reference.reachabilityFence(s);
    Reference.reachabilityFence(t);
    Reference.reachabilityFence(ty);
    Reference.reachabilityFence(d);
    return r;
  }

  public int umount2(String target, int flags) {
    return onPath(umount2, target, flags);
  }

  /** A call of a function taking a path and an int. */
  private static int onPath(NativeFunction f, String path, int arg) {
    ByteBuffer p = cString(path);
    int r = (int) f.call(address(p), arg);
    Reference.reachabilityFence(p);
    return r;
  }

  /** {@code ioctl} with no argument past the request. */
  public int ioctl(int fd, long request) {
    return (int) ioctl.call(fd, request);
  }

  /** The errno of the last failed call on this thread. */
  public static int errno() {
    return LastError.getInstance().get();
  }

  /** Whether native pointers are 64 bits wide, as the structure layouts here assume. */
  public static boolean is64Bit() {
    return Platform.getPlatform().addressSize() == 64;
  }

  /**
   * The native address of a direct buffer's first byte, whatever its position.
   *
   * @throws IllegalArgumentException if the buffer is not direct
   */
  public static long address(ByteBuffer direct) {
    if (!direct.isDirect()) {
      throw new IllegalArgumentException("a native call needs a direct buffer, not " + direct);
    }
    return MemoryIO.getInstance().getDirectBufferAddress(direct);
  }

  private static ByteBuffer cString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      if (b == 0) {
        throw new IllegalArgumentException("a C string cannot hold a NUL character: '" + s + "'");
      }
    }
    return ByteBuffer.allocateDirect(bytes.length + 1).put(bytes).put((byte) 0);
  }
}
