package dev.gingham.dataplane.linux.netlink;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;
import org.jspecify.annotations.Nullable;

/**
 * One C function of the C library, called through jffi (jnr-ffi's native invoker) with every
 * argument as a native-width integer: ints, longs and the addresses of direct buffers.
 *
 * <p>It is bound on its first call, not before: a process that never calls it never looks it up.
 * Binding is a symbol lookup and a call descriptor, both idempotent, so two threads that race on
 * the first call may both bind and either result is kept. Thread-safe; {@code errno} is saved per
 * thread and read with {@link LibC#errno()}.
 */
final class NativeFunction {
  private final String name;
  private final Type result;
  private final Type[] parameters;
  private volatile @Nullable Bound bound;

  private NativeFunction(String name, Type result, Type... parameters) {
    this.name = name;
    this.result = result;
    this.parameters = parameters.clone();
  }

  /** A function returning a C {@code int}. */
  static NativeFunction ofInt(String name, Type... parameters) {
    return new NativeFunction(name, Type.SINT, parameters);
  }

  /** A function returning a C {@code long} ({@code ssize_t}). */
  static NativeFunction ofLong(String name, Type... parameters) {
    return new NativeFunction(name, Type.SLONG, parameters);
  }

  long call(long a) {
    Bound b = bind();
    return Invoker.getInstance().invokeN1(b.context, b.address, a);
  }

  long call(long a, long b2) {
    Bound b = bind();
    return Invoker.getInstance().invokeN2(b.context, b.address, a, b2);
  }

  long call(long a, long b2, long c) {
    Bound b = bind();
    return Invoker.getInstance().invokeN3(b.context, b.address, a, b2, c);
  }

  long call(long a, long b2, long c, long d, long e) {
    Bound b = bind();
    return Invoker.getInstance().invokeN5(b.context, b.address, a, b2, c, d, e);
  }

  private Bound bind() {
    Bound b = bound;
    if (b == null) {
      long address = Libc.LIBRARY.getSymbolAddress(name);
      if (address == 0) {
        throw new UnsatisfiedLinkError(
            "the C library has no function '" + name + "': " + Library.getLastError());
      }
      CallContext context =
          CallContext.getCallContext(result, parameters, CallingConvention.DEFAULT, true);
      b = new Bound(address, context);
      bound = b;
    }
    return b;
  }

  private static final class Bound {
    final long address;
    final CallContext context;

    Bound(long address, CallContext context) {
      this.address = address;
      this.context = context;
    }
  }

  /** The C library, opened on the first binding. */
  private static final class Libc {
    static final Library LIBRARY = open();

    private static Library open() {
      Library library = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.GLOBAL);
      if (library == null) {
        throw new UnsatisfiedLinkError("cannot open libc.so.6: " + Library.getLastError());
      }
      return library;
    }

    private Libc() {}
  }
}
