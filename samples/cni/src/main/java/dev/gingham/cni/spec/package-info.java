/**
 * The CNI 1.1 specification as the plugins speak it: the environment, versions, error codes,
 * results in every supported version, and GC's attachments.
 */
@NullMarked
package dev.gingham.cni.spec;

import org.jspecify.annotations.NullMarked;
