/**
 * Policy resources from documents: Kubernetes NetworkPolicy, Namespace and Pod, and Calico's
 * projectcalico.org/v3 kinds, read from the generic tree that a YAML or JSON parser yields (maps,
 * lists, strings, numbers, booleans), so that the engine depends on no data format library.
 */
@NullMarked
package dev.gingham.internal.policy.resource;

import org.jspecify.annotations.NullMarked;
