/** The Gingham node agent daemon. */
@NullMarked
package dev.gingham.nodeagent;

import org.jspecify.annotations.NullMarked;
