/**
 * rtnetlink messages for links, addresses, routes and neighbours: encoders that write requests into
 * a {@link dev.gingham.dataplane.linux.netlink.NetlinkWriter} and decoders that read the kernel's
 * answers into the SPI's value types.
 */
@NullMarked
package dev.gingham.dataplane.linux.rtnl;

import org.jspecify.annotations.NullMarked;
