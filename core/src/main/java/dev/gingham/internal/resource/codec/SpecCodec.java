package dev.gingham.internal.resource.codec;

import dev.gingham.resource.ObjectMeta;
import java.util.Map;

/**
 * The spec of one kind to and from its document form.
 *
 * @param <T> the spec's type
 */
interface SpecCodec<T> {

  /**
   * Reads a spec; every field is checked and unknown fields are refused.
   *
   * @param spec the document's {@code spec}, possibly missing
   * @param metadata the resource's metadata, already read: names and labels some specs carry
   * @throws IllegalArgumentException as the tree's errors make it, naming the field
   */
  T decode(Tree spec, ObjectMeta metadata);

  /**
   * Writes a spec, in a fixed order of fields, leaving out what is unset or empty; {@link #decode}
   * reads it back to an equal spec.
   */
  Map<String, Object> encode(T spec);
}
