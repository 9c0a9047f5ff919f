package dev.gingham.cni.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split of the plugins' jars: the etcd store, jetcd and gRPC go aside; what a call on SQLite
 * needs (the store, the kernel's dataplane, JSON, logging and its provider) stays; a class path
 * without the etcd store is not split; a file that is not a class is refused. That the plugins run
 * on the main side is {@code EtcdPluginTest}'s and the kernel tests' part, through the installed
 * launchers.
 */
class EtcdJarsTest {
  @TempDir Path dir;

  private List<Path> jars() throws IOException {
    List<Path> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      String name = p.getFileName().toString();
      // The main class path, as the tests' PluginInstall installs it.
      if (Files.exists(p)
          && !name.equals("test-classes")
          && !name.startsWith("junit-")
          && !name.startsWith("jqwik")
          && !name.startsWith("assertj-")
          && !name.startsWith("opentest4j")
          && !name.startsWith("apiguardian")
          && !name.startsWith("surefire")) {
        entries.add(p);
      }
    }
    return ClassPathJars.copy(entries, dir.resolve("lib"));
  }

  @Test
  void theEtcdStoreAndItsLibrariesGoAsideAndEverythingElseStays() throws IOException {
    List<Path> jars = jars();
    EtcdJars.Split s = EtcdJars.split(jars);
    assertThat(s.main().size() + s.etcdOnly().size()).isEqualTo(jars.size());
    assertThat(s.etcdOnly()).anyMatch(holds("dev/gingham/datastore/etcd/"));
    assertThat(s.etcdOnly()).anyMatch(holds("io/etcd/jetcd/Client.class"));
    assertThat(s.etcdOnly()).anyMatch(holds("io/grpc/ManagedChannel.class"));
    for (String needed :
        List.of(
            "dev/gingham/cni/GinghamPlugin.class",
            "dev/gingham/datastore/sqlite/",
            "dev/gingham/dataplane/linux/",
            "org/sqlite/JDBC.class",
            "com/kenai/jffi/Invoker.class",
            "com/fasterxml/jackson/databind/ObjectMapper.class",
            "org/slf4j/simple/SimpleServiceProvider.class",
            "io/netty/buffer/ByteBuf.class")) {
      assertThat(s.main()).as(needed).anyMatch(holds(needed));
    }
  }

  @Test
  void aClassPathWithoutTheEtcdStoreIsNotSplit() throws IOException {
    List<Path> jars = jars();
    List<Path> without = new ArrayList<>(jars);
    without.removeIf(holds(EtcdJars.ETCD_PACKAGE));
    EtcdJars.Split s = EtcdJars.split(without);
    assertThat(s.main()).isEqualTo(without);
    assertThat(s.etcdOnly()).isEmpty();
  }

  @Test
  void aFileThatIsNotAClassIsRefusedByName() {
    InputStream in = new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 0, 0, 0, 0});
    assertThatThrownBy(() -> EtcdJars.constantStrings(in))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("magic");
  }

  private static Predicate<Path> holds(String entry) {
    return jar -> {
      try (JarFile f = new JarFile(jar.toFile())) {
        return f.stream().anyMatch(e -> e.getName().startsWith(entry));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }
}
