package dev.gingham.dataplane.linux.rtnl;

import org.jspecify.annotations.Nullable;

/**
 * Resolves interface names and indexes in one namespace, for the codecs: requests carry indexes,
 * Gingham's values carry names.
 */
public interface LinkNames {
  /** The index of a device, or 0 if there is none of that name (kernel indexes start at 1). */
  int indexOf(String name);

  /** The name of the device with this index, or {@code null} if there is none. */
  @Nullable String nameOf(int index);
}
