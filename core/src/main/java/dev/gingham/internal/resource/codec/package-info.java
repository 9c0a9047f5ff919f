/**
 * Resources to and from documents: the generic trees a YAML or JSON parser yields (maps, lists,
 * strings, numbers, booleans), so that the engine depends on no data format library. Calico's
 * {@code projectcalico.org/v3} kinds and Gingham's {@code gingham.dev/v1} (the same schema) are
 * read strictly, every field checked and unknown fields refused; Kubernetes NetworkPolicy,
 * Namespace and Pod are converted with Kubernetes semantics.
 */
@NullMarked
package dev.gingham.internal.resource.codec;

import org.jspecify.annotations.NullMarked;
