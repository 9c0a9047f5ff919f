/**
 * JSON documents read and written with jackson-core's streaming parser and generator alone, in the
 * exact forms databind's {@code ObjectMapper} gives, for paths where building an {@code
 * ObjectMapper} (tens of milliseconds, and {@code SimpleDateFormat}'s locale data) costs more than
 * the work: a CNI plugin runs one short JVM per call.
 */
@NullMarked
package dev.gingham.internal.json;

import org.jspecify.annotations.NullMarked;
