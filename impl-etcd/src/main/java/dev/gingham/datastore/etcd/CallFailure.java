package dev.gingham.datastore.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A call to etcd that failed, sorted by what the failure means for the caller: whether the request
 * may have been applied, and whether it is worth another try. Internal to the store; callers see
 * the SPI's exceptions, never this one.
 */
final class CallFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What a failure means. */
  enum Kind {
    /**
     * etcd could not be reached or did not answer: the request may or may not have been applied.
     */
    UNAVAILABLE,
    /**
     * etcd turned the request away before applying it (an expired auth token, too many requests):
     * another try is safe for any request.
     */
    NOT_APPLIED,
    /** A revision the request needs was compacted away. */
    COMPACTED,
    /** A revision the request names is later than the store's. */
    FUTURE_REVISION,
    /** A lease the request names does not exist: it expired or was revoked. */
    LEASE_NOT_FOUND,
    /** An answer was larger than the client accepts in one message. */
    RESPONSE_TOO_LARGE,
    /** etcd refused the credentials, or the user may not do this. */
    AUTH,
    /** Anything else: a bug, a misconfiguration, a full disk. */
    OTHER
  }

  private final Kind kind;

  private CallFailure(Kind kind, String description, Throwable cause) {
    super(description, cause);
    this.kind = kind;
  }

  /** A failure of this kind. */
  static CallFailure of(Kind kind, String description, Throwable cause) {
    return new CallFailure(kind, description, cause);
  }

  /** Sorts what a jetcd future failed with. */
  static CallFailure classify(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof CallFailure) {
      return (CallFailure) t;
    }
    String code;
    String description;
    if (t instanceof EtcdException) {
      code = ((EtcdException) t).getErrorCode().name();
      description = String.valueOf(t.getMessage());
    } else {
      Status status = Status.fromThrowable(t);
      code = status.getCode().name();
      description = innermostDescription(t, status);
    }
    return new CallFailure(kind(code, description, t), code + ": " + description, t);
  }

  private static Kind kind(String code, String description, Throwable t) {
    if (description.contains("required revision has been compacted")) {
      return Kind.COMPACTED;
    }
    if (description.contains("required revision is a future revision")) {
      return Kind.FUTURE_REVISION;
    }
    if (description.contains("requested lease not found")) {
      return Kind.LEASE_NOT_FOUND;
    }
    if (description.contains("invalid auth token")
        || description.contains("revision of auth store is old")
        || description.contains("too many requests")) {
      return Kind.NOT_APPLIED;
    }
    if (code.equals("RESOURCE_EXHAUSTED")
        && (description.contains("exceeds maximum") || description.contains("larger than max"))) {
      return Kind.RESPONSE_TOO_LARGE;
    }
    if (code.equals("UNAUTHENTICATED")
        || code.equals("PERMISSION_DENIED")
        || description.contains("authentication failed")
        || description.contains("permission denied")
        || description.contains("user name is empty")) {
      return Kind.AUTH;
    }
    if (code.equals("UNAVAILABLE") || code.equals("DEADLINE_EXCEEDED")) {
      return Kind.UNAVAILABLE;
    }
    if (description.contains("leader changed")
        || description.contains("request timed out")
        || description.contains("proposal dropped")
        || description.contains("server stopped")
        // A member shutting down answers from its raft node; whether a proposal got in first is
        // unknown, so the write markers settle it like any cut request.
        || description.contains("raft: stopped")
        || description.contains("no leader")
        || hasIoCause(t)) {
      return Kind.UNAVAILABLE;
    }
    return Kind.OTHER;
  }

  /**
   * The most specific description in a chain of gRPC failures: jetcd's authentication wraps etcd's
   * own answer ("authentication failed, invalid user ID or password") in a bare UNAUTHENTICATED.
   */
  private static String innermostDescription(Throwable t, Status outer) {
    String description = outer.getDescription();
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof StatusRuntimeException || c instanceof StatusException) {
        String inner = Status.fromThrowable(c).getDescription();
        if (inner != null && !inner.isEmpty()) {
          description = inner;
        }
      }
    }
    return description != null ? description : t.toString();
  }

  private static boolean hasIoCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** What the failure means. */
  Kind kind() {
    return kind;
  }

  /** Whether another try is worth making for a request that is safe to repeat. */
  boolean isTransient() {
    return kind == Kind.UNAVAILABLE || kind == Kind.NOT_APPLIED;
  }
}
