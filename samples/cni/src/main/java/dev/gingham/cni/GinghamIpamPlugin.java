package dev.gingham.cni;

import dev.gingham.cni.plugin.PluginKind;
import dev.gingham.cni.plugin.Skel;

/**
 * The {@code gingham-ipam} CNI plugin: Gingham's IPAM for any main plugin that names it as its
 * {@code ipam.type}, such as the reference {@code bridge} and {@code ptp}. Run by its launcher
 * script.
 */
public final class GinghamIpamPlugin {
  private GinghamIpamPlugin() {}

  public static void main(String[] args) {
    System.exit(
        Skel.run(PluginKind.GINGHAM_IPAM, System.getenv(), System.in, System.out, System.err));
  }
}
