/** Shared machinery of the SPI module; not exported. */
@NullMarked
package dev.gingham.spi.internal;

import org.jspecify.annotations.NullMarked;
