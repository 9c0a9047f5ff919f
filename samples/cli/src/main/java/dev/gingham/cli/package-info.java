/** The {@code gingham} command-line tool, a picocli application over Gingham's APIs. */
@NullMarked
package dev.gingham.cli;

import org.jspecify.annotations.NullMarked;
