package dev.gingham.internal.ipam;

/**
 * A decoded record with the key and the revision it was read at: what a later compare-and-swap
 * compares.
 *
 * @param key the datastore key
 * @param revision its modification revision
 * @param value the decoded record
 */
record Versioned<T>(String key, long revision, T value) {}
