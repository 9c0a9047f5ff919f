package dev.gingham.datastore.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.datastore.etcd.CallFailure.Kind;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How etcd's answers, as gRPC statuses, are sorted; each row is an answer a real etcd gave. */
class CallFailureTest {
  @ParameterizedTest
  @CsvSource({
    "UNKNOWN, raft: stopped, UNAVAILABLE",
    "UNKNOWN, etcdserver: server stopped, UNAVAILABLE",
    "UNAVAILABLE, etcdserver: leader changed, UNAVAILABLE",
    "UNKNOWN, etcdserver: request timed out, UNAVAILABLE",
    "RESOURCE_EXHAUSTED, etcdserver: too many requests, NOT_APPLIED",
    "OUT_OF_RANGE, etcdserver: mvcc: required revision has been compacted, COMPACTED",
    "NOT_FOUND, etcdserver: requested lease not found, LEASE_NOT_FOUND",
    "INVALID_ARGUMENT, 'etcdserver: authentication failed, invalid user ID or password', AUTH",
    "INVALID_ARGUMENT, etcdserver: key is not provided, OTHER",
  })
  void sortsEtcdAnswers(Status.Code code, String description, Kind expected) {
    var failure =
        new CompletionException(
            Status.fromCode(code).withDescription(description).asRuntimeException());
    assertThat(CallFailure.classify(failure).kind()).isEqualTo(expected);
  }
}
