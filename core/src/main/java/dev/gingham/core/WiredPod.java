package dev.gingham.core;

import dev.gingham.net.MacAddress;

/**
 * What wiring a pod made: the interface it was asked for and the pod end's hardware address, which
 * a CNI result reports. Immutable.
 *
 * @param spec the interface as asked
 * @param podMac the pod end's hardware address
 */
public record WiredPod(PodInterface spec, MacAddress podMac) {}
