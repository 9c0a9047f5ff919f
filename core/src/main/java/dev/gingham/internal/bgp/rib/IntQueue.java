package dev.gingham.internal.bgp.rib;

import java.util.Arrays;

/** A growable FIFO of ints in a ring buffer: no boxing per element. Not thread-safe. */
final class IntQueue {
  private int[] ring = new int[64];
  private int head;
  private int size;

  /** Whether it holds nothing. */
  boolean isEmpty() {
    return size == 0;
  }

  /** The number of ints held. */
  int size() {
    return size;
  }

  /** Appends a value. */
  void add(int value) {
    if (size == ring.length) {
      int[] bigger = new int[ring.length * 2];
      int tail = ring.length - head;
      System.arraycopy(ring, head, bigger, 0, tail);
      System.arraycopy(ring, 0, bigger, tail, head);
      ring = bigger;
      head = 0;
    }
    ring[(head + size) & (ring.length - 1)] = value;
    size++;
  }

  /**
   * Removes and returns the first value.
   *
   * @throws IllegalStateException if it is empty
   */
  int poll() {
    if (size == 0) {
      throw new IllegalStateException("the queue is empty");
    }
    int v = ring[head];
    head = (head + 1) & (ring.length - 1);
    size--;
    return v;
  }

  /** Removes everything and shrinks back. */
  void clear() {
    ring = new int[64];
    Arrays.fill(ring, 0);
    head = 0;
    size = 0;
  }
}
