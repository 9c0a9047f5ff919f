/**
 * Gingham core's façade: small static factories that hand out the engines, whose implementations
 * stay in core's unexported packages.
 */
@NullMarked
package dev.gingham.core;

import org.jspecify.annotations.NullMarked;
