/** The commands of {@code gingham} and {@code gingham-ipam} over Gingham's engines. */
@NullMarked
package dev.gingham.cni.plugin;

import org.jspecify.annotations.NullMarked;
