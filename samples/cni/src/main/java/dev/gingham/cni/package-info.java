/** The gingham and gingham-ipam CNI plugins. */
@NullMarked
package dev.gingham.cni;

import org.jspecify.annotations.NullMarked;
