package dev.gingham.spi.dataplane;

import java.nio.file.Path;
import java.util.List;

/** Network namespaces. */
public interface Namespaces {

  /** The namespace the dataplane was started in. Closing it does nothing. */
  NetworkNamespace host();

  /**
   * Opens an existing namespace by path, such as a CNI runtime's {@code CNI_NETNS}.
   *
   * @throws NoSuchObjectException if there is no namespace at that path
   */
  NetworkNamespace open(Path path);

  /**
   * Creates a named namespace, as {@code ip netns add} does (a bind mount under {@code
   * /run/netns}), with its loopback up.
   *
   * @throws ObjectExistsException if one of that name exists
   */
  NetworkNamespace create(String name);

  /**
   * Deletes a named namespace, as {@code ip netns delete} does. Its devices go with it once the
   * last handle and process have left it.
   *
   * @return whether it existed
   */
  boolean delete(String name);

  /** The named namespaces, sorted. */
  List<String> list();

  /**
   * Checks a namespace name as {@code ip netns add} takes it: a file name under {@code /run/netns},
   * 1 to 255 characters, not {@code .} or {@code ..}, without {@code /} or NUL.
   *
   * @return the name
   * @throws IllegalArgumentException naming the bad name
   */
  static String requireValidName(String name) {
    if (name.isEmpty()
        || name.length() > 255
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "namespace name '" + name + "' must be 1..255 characters, not . or .., without '/'");
    }
    return name;
  }
}
