package dev.gingham.cni.spec;

/**
 * An attachment GC must keep: a container's interface, as {@code cni.dev/valid-attachments} lists
 * it.
 *
 * @param containerId the container id
 * @param ifname the interface name
 */
public record Attachment(String containerId, String ifname) {}
