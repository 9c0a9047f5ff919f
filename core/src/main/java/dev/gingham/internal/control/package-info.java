/** The local control socket behind {@link dev.gingham.core.ControlServers}. */
@NullMarked
package dev.gingham.internal.control;

import org.jspecify.annotations.NullMarked;
