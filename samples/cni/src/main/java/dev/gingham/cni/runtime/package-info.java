/** The runtime's side of CNI: executing a plugin as libcni does. */
@NullMarked
package dev.gingham.cni.runtime;

import org.jspecify.annotations.NullMarked;
