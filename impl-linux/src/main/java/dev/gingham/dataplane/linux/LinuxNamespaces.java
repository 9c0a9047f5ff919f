package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.NetlinkException;
import dev.gingham.dataplane.linux.netns.NamedNamespaces;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.spi.dataplane.Namespaces;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.nio.file.Path;
import java.util.List;

/** Namespaces of the machine: handles by path, and named ones under {@code /run/netns}. */
final class LinuxNamespaces implements Namespaces {
  private final LinuxDataplane dp;

  LinuxNamespaces(LinuxDataplane dp) {
    this.dp = dp;
  }

  @Override
  public NetworkNamespace host() {
    return dp.host();
  }

  @Override
  public NetworkNamespace open(Path path) {
    try {
      return dp.track(NamedNamespaces.open(path, dp.worker(), dp.host().identity()));
    } catch (NetlinkException e) {
      throw KernelErrors.of("netns " + path, e);
    }
  }

  @Override
  public NetworkNamespace create(String name) {
    Namespaces.requireValidName(name);
    try {
      NetnsHandle h = NamedNamespaces.create(name, dp.worker());
      return dp.track(h);
    } catch (NetlinkException e) {
      throw KernelErrors.of("netns " + name, e);
    }
  }

  @Override
  public boolean delete(String name) {
    Namespaces.requireValidName(name);
    try {
      return NamedNamespaces.delete(name);
    } catch (NetlinkException e) {
      throw KernelErrors.of("netns " + name + " delete", e);
    }
  }

  @Override
  public List<String> list() {
    try {
      return NamedNamespaces.list();
    } catch (NetlinkException e) {
      throw KernelErrors.of("netns list", e);
    }
  }
}
