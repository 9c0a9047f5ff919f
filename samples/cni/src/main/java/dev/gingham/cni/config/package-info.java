/** The plugins' network configuration, read strictly: an unknown field is refused by name. */
@NullMarked
package dev.gingham.cni.config;

import org.jspecify.annotations.NullMarked;
