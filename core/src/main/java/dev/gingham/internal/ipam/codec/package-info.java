/**
 * IPAM's records as JSON, written and read with Jackson so that {@code etcdctl get} shows them
 * readably. Every decoder checks what it reads and fails with a {@link
 * dev.gingham.internal.ipam.codec.MalformedRecordException} that says what is wrong, never with
 * another exception, whatever the bytes.
 */
@NullMarked
package dev.gingham.internal.ipam.codec;

import org.jspecify.annotations.NullMarked;
