package dev.leash.prove;

import java.util.Arrays;
import shark.HeapGraph;
import shark.HeapObject;

/**
 * Object id to Shark object index, for the walk's hot loop: one binary search in a primitive array per reference,
 * with no object allocated. Shark numbers classes, instances and object arrays each in a contiguous run sorted by id;
 * this keeps the ids of each run. Primitive arrays are left out (they reference nothing).
 */
final class IdIndex {
  private final long[][] ids;
  private final int[] base;

  private IdIndex(long[][] ids, int[] base) {
    this.ids = ids;
    this.base = base;
  }

  /** Builds the index, or returns {@code null} when the graph does not number its objects as described. */
  static IdIndex of(HeapGraph g) {
    long[][] ids = {new long[g.getClassCount()], new long[g.getInstanceCount()], new long[g.getObjectArrayCount()]};
    int[] base = {-1, -1, -1};
    int[] filled = new int[3];
    for (HeapObject o : Heap.iterable(g.getObjects())) {
      int run = o instanceof HeapObject.HeapClass ? 0 : o instanceof HeapObject.HeapInstance ? 1
          : o instanceof HeapObject.HeapObjectArray ? 2 : -1;
      if (run < 0) {
        continue;
      }
      int k = filled[run];
      if (k == ids[run].length) {
        return null;
      }
      if (k == 0) {
        base[run] = o.getObjectIndex();
      } else if (o.getObjectIndex() != base[run] + k || o.getObjectId() <= ids[run][k - 1]) {
        return null;
      }
      ids[run][k] = o.getObjectId();
      filled[run] = k + 1;
    }
    for (int run = 0; run < 3; run++) {
      if (filled[run] != ids[run].length) {
        return null;
      }
    }
    return new IdIndex(ids, base);
  }

  /** The position of a class among the classes (0 to the class count - 1), or -1. */
  int classPosition(long classId) {
    int i = Arrays.binarySearch(ids[0], classId);
    return i < 0 ? -1 : i;
  }

  /** The index of {@code id}, or -1 when no class, instance or object array has it. */
  int indexOf(long id) {
    for (int run = 0; run < 3; run++) {
      long[] a = ids[run];
      if (a.length == 0 || id < a[0] || id > a[a.length - 1]) {
        continue;
      }
      int i = Arrays.binarySearch(a, id);
      if (i >= 0) {
        return base[run] + i;
      }
    }
    return -1;
  }
}
