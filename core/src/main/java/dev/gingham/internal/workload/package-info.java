/** The pod wiring engine behind {@code dev.gingham.core.PodNetworks}. */
@NullMarked
package dev.gingham.internal.workload;

import org.jspecify.annotations.NullMarked;
