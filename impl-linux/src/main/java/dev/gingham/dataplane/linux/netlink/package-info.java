/**
 * A netlink client on jffi (jnr-ffi's native invoker): sockets with {@code sendmsg} and {@code
 * recvmsg} over direct buffers, messages written and read in place, sequence numbers,
 * acknowledgements, multi-part dumps and batches of many requests per system call.
 */
@NullMarked
package dev.gingham.dataplane.linux.netlink;

import org.jspecify.annotations.NullMarked;
