package dev.gingham.cni.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;

/** A directory shaped as a Java home: an executable {@code bin/java} and a {@code release} file. */
final class FakeJavaHome {
  private FakeJavaHome() {}

  /** Writes one at {@code home}, with {@code release} as its release file unless null. */
  static Path write(Path home, byte @Nullable [] release) throws IOException {
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\nexit 1\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (release != null) {
      Files.write(home.resolve("release"), release);
    }
    return home;
  }
}
