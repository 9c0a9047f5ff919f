package dev.gingham.spi.dataplane;

import dev.gingham.net.MacAddress;
import org.jspecify.annotations.Nullable;

/**
 * A network device as the kernel reports it.
 *
 * @param index the interface index, unique within its namespace
 * @param name the name
 * @param kind the driver kind ({@code "veth"}, {@code "vxlan"}, {@code "ipip"}, {@code "bridge"}
 *     ...), or empty for a physical device or loopback
 * @param mac the hardware address, or null for devices without one (IPIP, loopback on some kernels)
 * @param mtu the MTU
 * @param up whether it is administratively up
 * @param lowerUp whether its carrier is up (for a veth: whether the peer is up too)
 * @param masterIndex the index of its master (a bridge or VRF), or 0
 */
public record Link(
    int index,
    String name,
    String kind,
    @Nullable MacAddress mac,
    int mtu,
    boolean up,
    boolean lowerUp,
    int masterIndex) {}
