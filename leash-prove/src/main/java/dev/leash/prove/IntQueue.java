package dev.leash.prove;

import java.util.Arrays;

/** A growable FIFO of ints for the breadth-first walk (no boxing). Not thread-safe. */
final class IntQueue {
  private int[] a = new int[1024];
  private int head;
  private int tail;

  void add(int v) {
    if (tail == a.length) {
      if (head > a.length / 2) {
        System.arraycopy(a, head, a, 0, tail - head);
        tail -= head;
        head = 0;
      } else {
        a = Arrays.copyOf(a, a.length * 2);
      }
    }
    a[tail++] = v;
  }

  boolean isEmpty() {
    return head == tail;
  }

  int poll() {
    return a[head++];
  }
}
