package dev.gingham.dataplane.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C library's calls through jffi: real calls, on files and sockets this test owns. */
class LibCTest {
  private static final int O_RDONLY_CLOEXEC = 0x80000;
  private static final LibC C = LibC.get();

  @Test
  void aFileOpensReadsAsTheKernelSaysAndCloses(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("ä file"), "x");
    int fd = C.open(file.toString(), O_RDONLY_CLOEXEC);
    assertThat(fd).isGreaterThanOrEqualTo(0);
    assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd))).isEqualTo(file);
    assertThat(C.close(fd)).isZero();
    assertThat(C.close(fd)).isEqualTo(-1);
    assertThat(LibC.errno()).isEqualTo(9); // EBADF
  }

  @Test
  void aFailedCallLeavesItsErrnoOnItsOwnThread(@TempDir Path dir) throws Exception {
    String missing = dir.resolve("missing").toString();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch failed = new CountDownLatch(4);
      List<Future<int[]>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        boolean badFd = i % 2 == 0;
        results.add(
            pool.submit(
                () -> {
                  int r = badFd ? C.close(-5) : C.open(missing, O_RDONLY_CLOEXEC);
                  int errno = LibC.errno();
                  failed.countDown();
                  // Every thread's call has failed before any reads its errno a second time.
                  failed.await(10, TimeUnit.SECONDS);
                  return new int[] {r, errno, LibC.errno()};
                }));
      }
      for (int i = 0; i < 4; i++) {
        int expected = i % 2 == 0 ? 9 : Errno.ENOENT;
        assertThat(results.get(i).get(20, TimeUnit.SECONDS))
            .containsExactly(-1, expected, expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNetlinkSocketBindsAndTheKernelNamesItsPort() {
    int fd = C.socket(16, 3 | 0x80000, NetlinkSocket.NETLINK_ROUTE);
    assertThat(fd).isGreaterThanOrEqualTo(0);
    try {
      ByteBuffer address = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
      address.putShort(0, (short) 16);
      assertThat(C.bind(fd, address, 12)).isZero();
      ByteBuffer length = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
      length.putInt(0, 12);
      assertThat(C.getsockname(fd, address, length)).isZero();
      assertThat(length.getInt(0)).isEqualTo(12);
      assertThat(address.getShort(0)).isEqualTo((short) 16);
      assertThat(address.getInt(4)).isNotZero();
    } finally {
      C.close(fd);
    }
  }

  @Test
  void aDirectBuffersAddressIsItsFirstBytesWhateverItsPosition() {
    ByteBuffer b = ByteBuffer.allocateDirect(64);
    long start = LibC.address(b);
    b.position(10);
    assertThat(LibC.address(b)).isEqualTo(start).isNotZero();
    assertThat(LibC.address(b.slice())).isEqualTo(start + 10);
  }

  @Test
  void aHeapBufferIsRefusedByName() {
    assertThatThrownBy(() -> LibC.address(ByteBuffer.allocate(8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("direct buffer")
        .hasMessageContaining("HeapByteBuffer");
  }

  @Test
  void aPathWithANulIsRefusedBeforeAnyCall() {
    String bad = "/tmp/a" + '\0' + "b";
    assertThatThrownBy(() -> C.open(bad, O_RDONLY_CLOEXEC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL")
        .hasMessageContaining("/tmp/a");
    assertThat(bad.getBytes(StandardCharsets.UTF_8)).contains((byte) 0);
  }

  @Test
  void pointersAreSixtyFourBitsWideHere() {
    assertThat(LibC.is64Bit()).isEqualTo(System.getProperty("os.arch").matches("amd64|aarch64"));
  }
}
