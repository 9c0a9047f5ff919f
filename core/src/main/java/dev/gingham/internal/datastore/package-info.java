/** The in-memory datastore (memory:), the fallback when no other store is on the path. */
@NullMarked
package dev.gingham.internal.datastore;

import org.jspecify.annotations.NullMarked;
