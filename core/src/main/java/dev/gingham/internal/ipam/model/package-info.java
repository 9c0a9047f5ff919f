/**
 * IPAM's records as immutable values: blocks with their ordinal tables and free FIFOs, block
 * affinities, and handles. Operations return new values; nothing here touches a datastore.
 */
@NullMarked
package dev.gingham.internal.ipam.model;

import org.jspecify.annotations.NullMarked;
