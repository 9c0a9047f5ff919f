/**
 * Routes as Gingham owns them: the desired state it programs into a node's kernel, marked with its
 * own route protocol number so that it only ever touches what it owns.
 */
@NullMarked
package dev.gingham.route;

import org.jspecify.annotations.NullMarked;
