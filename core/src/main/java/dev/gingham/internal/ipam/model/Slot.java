package dev.gingham.internal.ipam.model;

import java.util.Map;

/**
 * What a block records for one assigned ordinal.
 *
 * @param handle the handle that holds the address
 * @param attributes the attributes stored with it
 * @param sequence the block's sequence number when it was assigned
 */
public record Slot(String handle, Map<String, String> attributes, long sequence) {
  public Slot {
    attributes = Map.copyOf(attributes);
  }
}
