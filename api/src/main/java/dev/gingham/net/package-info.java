/**
 * IP addresses, prefixes and MAC addresses: strict parsing, canonical formatting and
 * allocation-free arithmetic.
 */
@NullMarked
package dev.gingham.net;

import org.jspecify.annotations.NullMarked;
