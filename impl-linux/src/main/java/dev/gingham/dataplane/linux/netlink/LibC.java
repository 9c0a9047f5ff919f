package dev.gingham.dataplane.linux.netlink;

import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.ssize_t;

/**
 * The C library calls the Linux dataplane makes, bound with jnr-ffi. Buffers passed to the message
 * calls are direct, so that jnr-ffi hands the kernel their memory without copying. Errors are read
 * with {@link #errno()} right after the failed call, on the same thread.
 */
public interface LibC {
  int socket(int domain, int type, int protocol);

  int bind(int fd, @In ByteBuffer address, int length);

  int getsockname(int fd, @Out ByteBuffer address, @In @Out ByteBuffer length);

  @ssize_t
  long sendmsg(int fd, @In ByteBuffer msghdr, int flags);

  @ssize_t
  long recvmsg(int fd, @In @Out ByteBuffer msghdr, int flags);

  int setsockopt(int fd, int level, int name, @In ByteBuffer value, int length);

  int open(String path, int flags);

  int close(int fd);

  int setns(int fd, int nstype);

  int unshare(int flags);

  int mount(String source, String target, String type, long flags, String data);

  int umount2(String target, int flags);

  int ioctl(int fd, long request);

  /** The library, loaded once. */
  static LibC get() {
    return Holder.LIBC;
  }

  /** The errno of the last failed call on this thread. */
  static int errno() {
    return jnr.ffi.Runtime.getRuntime(Holder.LIBC).getLastError();
  }

  /** Whether native pointers are 64 bits wide, as the structure layouts here assume. */
  static boolean is64Bit() {
    return jnr.ffi.Runtime.getRuntime(Holder.LIBC).addressSize() == 8;
  }

  /**
   * The native address of a direct buffer's first byte (jnr-ffi's own answer starts at the buffer's
   * position, so it is asked about a view at position 0).
   */
  static long address(ByteBuffer direct) {
    ByteBuffer start = direct.duplicate();
    start.clear();
    return jnr.ffi.Pointer.wrap(jnr.ffi.Runtime.getRuntime(Holder.LIBC), start).address();
  }

  /** Loads the library on first use. */
  final class Holder {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private Holder() {}
  }
}
