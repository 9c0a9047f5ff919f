/**
 * The Linux dataplane: rtnetlink over jffi, network namespaces, links, addresses, routes, sysctls.
 */
@NullMarked
package dev.gingham.dataplane.linux;

import org.jspecify.annotations.NullMarked;
