/** Installing the plugins: launcher scripts, their class path, an AppCDS archive, a conflist. */
@NullMarked
package dev.gingham.cni.install;

import org.jspecify.annotations.NullMarked;
