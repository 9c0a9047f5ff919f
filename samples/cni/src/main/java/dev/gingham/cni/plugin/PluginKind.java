package dev.gingham.cni.plugin;

import dev.gingham.cni.config.NetConfParser;

/** The two plugins: their names, and how strictly each reads its configuration. */
public enum PluginKind {
  /** {@code gingham}: the main plugin. */
  GINGHAM("gingham", NetConfParser.Mode.PLUGIN),
  /** {@code gingham-ipam}: the IPAM plugin. */
  GINGHAM_IPAM("gingham-ipam", NetConfParser.Mode.IPAM);

  private final String executable;
  private final NetConfParser.Mode mode;

  PluginKind(String executable, NetConfParser.Mode mode) {
    this.executable = executable;
    this.mode = mode;
  }

  /** The executable's name. */
  public String executable() {
    return executable;
  }

  NetConfParser.Mode mode() {
    return mode;
  }
}
