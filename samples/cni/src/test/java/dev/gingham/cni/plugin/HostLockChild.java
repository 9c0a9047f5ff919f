package dev.gingham.cni.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Another process taking the host lock, for {@link HostLockTest}: {@code LOCK RECORD ID HOLD_MS}
 * appends {@code ID} to {@code RECORD} once the lock is held, then holds it {@code HOLD_MS}
 * milliseconds, or until a line (or the end) arrives on stdin when {@code HOLD_MS} is negative.
 */
final class HostLockChild {
  private HostLockChild() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path lock = Path.of(args[0]);
    Path record = Path.of(args[1]);
    long hold = Long.parseLong(args[3]);
    try (HostLock.Held h = HostLock.acquire(lock, Duration.ofSeconds(60), Duration.ofSeconds(60))) {
      Files.writeString(
          record,
          args[2] + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      if (hold < 0) {
        System.in.read();
      } else {
        Thread.sleep(hold);
      }
    }
  }
}
