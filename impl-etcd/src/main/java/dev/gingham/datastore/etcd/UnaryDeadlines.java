package dev.gingham.datastore.etcd;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives every unary gRPC call a deadline, so that a call the store gave up on is cancelled on the
 * wire as well: without one, jetcd's calls wait for a connection for ever and could be applied long
 * after their caller was told they failed. Streams (watches, lease keep-alives) get none: they are
 * meant to last.
 */
final class UnaryDeadlines implements ClientInterceptor {
  private final long timeoutNanos;

  UnaryDeadlines(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    CallOptions withDeadline =
        method.getType() == MethodDescriptor.MethodType.UNARY && options.getDeadline() == null
            ? options.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS)
            : options;
    return next.newCall(method, withDeadline);
  }
}
