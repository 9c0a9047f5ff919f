package dev.gingham.cni.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.cni.spec.Attachment;
import dev.gingham.cni.spec.CniResult;
import dev.gingham.cni.spec.CniVersion;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A network configuration as a plugin receives it on stdin, checked. Immutable.
 *
 * @param cniVersion the version results are written in
 * @param name the network's name
 * @param type the plugin's type
 * @param mtu the MTU, or 0 for the default (the agent's MTU file, else 1500 less the pools'
 *     encapsulation overhead)
 * @param nodename the node's name, or null for the host name
 * @param datastore the datastore URI, or null for the default ({@code
 *     sqlite:/var/lib/gingham/state.db})
 * @param logLevel how much to log
 * @param logFile a file to log to besides stderr, or null
 * @param ipam the IPAM section
 * @param dns DNS settings to report
 * @param prevResult the previous plugin's result, or null
 * @param validAttachments GC's attachments to keep
 * @param raw the configuration as read, for delegation
 */
public record NetConf(
    CniVersion cniVersion,
    String name,
    String type,
    int mtu,
    @Nullable String nodename,
    @Nullable String datastore,
    LogLevel logLevel,
    @Nullable Path logFile,
    IpamConf ipam,
    CniResult.Dns dns,
    @Nullable CniResult prevResult,
    List<Attachment> validAttachments,
    JsonNode raw) {
  public NetConf {
    validAttachments = List.copyOf(validAttachments);
  }

  /** The datastore URI IPAM uses: the IPAM section's, else the network's. */
  public @Nullable String ipamDatastore() {
    return ipam.datastore() != null ? ipam.datastore() : datastore;
  }

  /** The node name IPAM uses: the IPAM section's, else the network's. */
  public @Nullable String ipamNodename() {
    return ipam.nodename() != null ? ipam.nodename() : nodename;
  }
}
