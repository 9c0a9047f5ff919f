package dev.gingham.cni;

import dev.gingham.cni.plugin.PluginKind;
import dev.gingham.cni.plugin.Skel;

/**
 * The {@code gingham} CNI plugin: a veth, addresses and routes done the Calico way, addresses from
 * Gingham's IPAM, and a WorkloadEndpoint in the datastore. Run by its launcher script.
 */
public final class GinghamPlugin {
  private GinghamPlugin() {}

  public static void main(String[] args) {
    System.exit(Skel.run(PluginKind.GINGHAM, System.getenv(), System.in, System.out, System.err));
  }
}
