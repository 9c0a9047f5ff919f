/**
 * The Linux dataplane: rtnetlink over jnr-ffi, network namespaces, links, addresses, routes,
 * sysctls.
 */
@NullMarked
package dev.gingham.dataplane.linux;

import org.jspecify.annotations.NullMarked;
