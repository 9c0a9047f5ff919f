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
}
