/**
 * The embedded SQLite datastore (sqlite:/path/state.db): durable and safe to share between
 * processes.
 */
@NullMarked
package dev.gingham.datastore.sqlite;

import org.jspecify.annotations.NullMarked;
