/** The gingham command-line tool. */
@NullMarked
package dev.gingham.cli;

import org.jspecify.annotations.NullMarked;
