package dev.leash.prove;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import shark.CloseableHeapGraph;
import shark.HeapField;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord.FieldRecord;
import shark.HprofRecordTag;
import shark.PrimitiveType;
import shark.ValueHolder;

/**
 * A heap dump opened with Shark, seen as a graph of dense object indexes: the references of each object, and names
 * for the edges of a retainer path. Weak, soft and phantom referents are not followed (they do not keep anything
 * alive). Not thread-safe; close it.
 */
final class Heap implements AutoCloseable {
  private static final int REFERENCE_TYPE = 2;

  /** The reference fields of one class's instances: their byte offsets in the record and names. */
  private record Layout(int[] offsets, String[] names) {}

  final CloseableHeapGraph graph;
  final Path file;
  private final int idSize;
  private final int objectCount;
  private final Map<Long, Layout> layouts = new HashMap<>();
  /** The same layouts by the class's object index (classes are numbered first), read without boxing. */
  private final Layout[] layoutByClassIndex;
  private final Map<Long, Boolean> isReferenceClass = new HashMap<>();
  private final long referenceClassId;
  private final long entryClassId;
  /** Shark's findObjectByIndex refuses index 0, which is a real object: it is looked up once by iteration. */
  private HeapObject zero;
  /** Fast id lookups, or {@code null} when Shark numbers objects differently than expected (then Shark looks up). */
  private final IdIndex ids;

  private final List<String> cut;

  private Heap(CloseableHeapGraph graph, Path file, List<String> cut) {
    this.graph = graph;
    this.cut = List.copyOf(cut);
    this.file = file;
    this.idSize = graph.getIdentifierByteSize();
    this.objectCount = graph.getObjectCount();
    this.ids = IdIndex.of(graph);
    this.layoutByClassIndex = new Layout[Math.max(0, graph.getClassCount())];
    HeapObject.HeapClass ref = graph.findClassByName("java.lang.ref.Reference");
    this.referenceClassId = ref == null ? 0 : ref.getObjectId();
    HeapObject.HeapClass entry = graph.findClassByName("java.lang.ThreadLocal$ThreadLocalMap$Entry");
    this.entryClassId = entry == null ? -1 : entry.getObjectId();
  }

  /**
   * Opens and indexes {@code file}.
   *
   * @throws HeapFormatException if it is missing, empty, not HPROF or cannot be indexed (cut short)
   */
  static Heap open(Path file) throws HeapFormatException {
    return open(file, List.of());
  }

  /** Opens {@code file}; references out of instances whose class name starts with a {@code cut} prefix are not followed. */
  static Heap open(Path file, List<String> cut) throws HeapFormatException {
    checkHeader(file);
    EnumSet<HprofRecordTag> roots = EnumSet.noneOf(HprofRecordTag.class);
    for (HprofRecordTag t : HprofRecordTag.values()) {
      if (t.name().startsWith("ROOT_")) {
        roots.add(t);
      }
    }
    CloseableHeapGraph g;
    try {
      g = HprofHeapGraph.Companion.openHeapGraph(new MappedHprof(file), null, roots);
    } catch (IOException | RuntimeException | Error e) {
      throw new HeapFormatException(file + " cannot be read as a heap dump (cut short or damaged?): "
          + oneLine(e));
    }
    try {
      if (g.findClassByName("java.lang.Thread") == null) {
        throw new HeapFormatException(file + " has no java.lang.Thread class: not a heap dump of a JVM");
      }
      return new Heap(g, file, cut);
    } catch (HeapFormatException e) {
      closeQuietly(g);
      throw e;
    } catch (RuntimeException e) {
      closeQuietly(g);
      throw new HeapFormatException(file + " cannot be read as a heap dump (cut short or damaged?): " + oneLine(e));
    }
  }

  private static void checkHeader(Path file) throws HeapFormatException {
    byte[] head = new byte[18];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (NoSuchFileException e) {
      throw new HeapFormatException("no such file: " + file);
    } catch (IOException e) {
      throw new HeapFormatException("cannot read " + file + ": " + e.getMessage());
    }
    String magic = new String(head, 0, n, StandardCharsets.ISO_8859_1);
    if (n == 0) {
      throw new HeapFormatException(file + " is empty");
    }
    if (!magic.startsWith("JAVA PROFILE 1.0.")) {
      throw new HeapFormatException(file + " is not an HPROF heap dump (take one with: jcmd PID GC.heap_dump FILE)");
    }
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return s.replaceAll("[\\r\\n\\t]+", " ");
  }

  private static void closeQuietly(CloseableHeapGraph g) {
    try {
      g.close();
    } catch (IOException | RuntimeException ignored) {
      // already failing: the first error is the one to report
    }
  }

  int objectCount() {
    return objectCount;
  }

  /**
   * The index of the object with this id, or -1 when the dump has no such object or it is a primitive array (it
   * references nothing, so the walk never needs it; Shark numbers some of them past {@link #objectCount()}).
   */
  int index(long id) {
    if (id == 0) {
      return -1;
    }
    if (ids != null) {
      return ids.indexOf(id);
    }
    HeapObject o = graph.findObjectByIdOrNull(id);
    if (o == null || o instanceof HeapObject.HeapPrimitiveArray) {
      return -1;
    }
    int i = o.getObjectIndex();
    return i < objectCount ? i : -1;
  }

  HeapObject object(int index) {
    if (index == 0) {
      if (zero == null) {
        for (HeapObject o : iterable(graph.getObjects())) {
          if (o.getObjectIndex() == 0) {
            zero = o;
            break;
          }
        }
      }
      return zero;
    }
    return graph.findObjectByIndex(index);
  }

  /** Told of a thread-local map entry: the indexes of its key and value (-1 when absent). */
  interface EphemeronSink {
    void entry(int key, int value);
  }

  /**
   * Calls {@code out} with the index of every object {@code index} references strongly, and {@code ephemerons} when
   * it is a thread-local map entry (whose value the caller follows only once the key is reachable).
   */
  void forEachRef(int index, IntConsumer out, EphemeronSink ephemerons) {
    HeapObject o = object(index);
    if (o instanceof HeapObject.HeapInstance inst && inst.getInstanceClassId() == entryClassId) {
      HeapField key = inst.get("java.lang.ref.Reference", "referent");
      Long k = key == null ? null : key.getValue().getAsObjectId();
      Long v = entryValue(inst);
      ephemerons.entry(k == null ? -1 : index(k), v == null ? -1 : index(v));
    }
    if (o instanceof HeapObject.HeapInstance inst) {
      Layout l = layoutOf(inst);
      if (l.offsets.length == 0) {
        return;
      }
      byte[] values = inst.readRecord().getFieldValues();
      for (int off : l.offsets) {
        int i = index(readId(values, off));
        if (i >= 0) {
          out.accept(i);
        }
      }
    } else if (o instanceof HeapObject.HeapObjectArray arr) {
      for (long id : arr.readRecord().getElementIds()) {
        int i = index(id);
        if (i >= 0) {
          out.accept(i);
        }
      }
    } else if (o instanceof HeapObject.HeapClass c && !isCut(c.getName())) {
      for (var f : c.readRecordStaticFields()) {
        if (f.getValue() instanceof ValueHolder.ReferenceHolder r && !r.isNull()) {
          int i = index(r.getValue());
          if (i >= 0) {
            out.accept(i);
          }
        }
      }
    }
  }

  /** The id of a thread-local map entry's value (the field the walk follows as an ephemeron), or null. */
  private static Long entryValue(HeapObject.HeapInstance entry) {
    HeapField value = entry.get("java.lang.ThreadLocal$ThreadLocalMap$Entry", "value");
    return value == null ? null : value.getValue().getAsObjectId();
  }

  /** How {@code parent} refers to {@code child}: {@code com.acme.Feed.queue}, {@code Object[3]}, or a class's static. */
  String edge(int parent, int child) {
    long childId = object(child).getObjectId();
    HeapObject o = object(parent);
    if (o instanceof HeapObject.HeapInstance inst) {
      if (inst.getInstanceClassId() == entryClassId) {
        Long v = entryValue(inst);
        if (v != null && v == childId) {
          return "java.lang.ThreadLocal value";
        }
      }
      Layout l = layout(inst.getInstanceClassId());
      byte[] values = inst.readRecord().getFieldValues();
      for (int k = 0; k < l.offsets.length; k++) {
        if (readId(values, l.offsets[k]) == childId) {
          return l.names[k];
        }
      }
      return inst.getInstanceClassName() + ".?";
    }
    if (o instanceof HeapObject.HeapObjectArray arr) {
      long[] ids = arr.readRecord().getElementIds();
      for (int k = 0; k < ids.length; k++) {
        if (ids[k] == childId) {
          return arr.getArrayClassName().replace("[]", "") + "[" + k + "]";
        }
      }
      return arr.getArrayClassName();
    }
    if (o instanceof HeapObject.HeapClass c) {
      for (HeapField f : iterable(c.readStaticFields())) {
        Long id = f.getValue().getAsObjectId();
        if (id != null && id == childId) {
          return "static " + c.getName() + "." + f.getName();
        }
      }
      return "static " + c.getName();
    }
    return "?";
  }

  /** Whether the object is an instance of {@code className} or of a subclass of it. */
  boolean isInstanceOf(int index, String className) {
    return object(index) instanceof HeapObject.HeapInstance i && i.instanceOf(className);
  }

  /**
   * Whether a selector has no registered key: its {@code keys} set (a concurrent key set, or a hash set on older
   * JDKs) is empty. Unknown layouts answer {@code false}, which keeps the thread a root.
   */
  boolean hasNoKeys(int selector) {
    HeapObject.HeapInstance sel = object(selector).getAsInstance();
    HeapField keys = sel == null ? null : sel.get("sun.nio.ch.SelectorImpl", "keys");
    HeapObject.HeapInstance set = keys == null ? null : keys.getValueAsInstance();
    if (set == null) {
      return false;
    }
    if (set.instanceOf("java.util.HashSet")) {
      HeapField map = set.get("java.util.HashSet", "map");
      HeapObject.HeapInstance m = map == null ? null : map.getValueAsInstance();
      HeapField size = m == null ? null : m.get("java.util.HashMap", "size");
      return size != null && Integer.valueOf(0).equals(size.getValue().getAsInt());
    }
    HeapField map = set.get("java.util.concurrent.ConcurrentHashMap$CollectionView", "map");
    HeapObject.HeapInstance chm = map == null ? null : map.getValueAsInstance();
    if (chm == null) {
      return false;
    }
    HeapField base = chm.get("java.util.concurrent.ConcurrentHashMap", "baseCount");
    HeapField cells = chm.get("java.util.concurrent.ConcurrentHashMap", "counterCells");
    if (base == null || !Long.valueOf(0).equals(base.getValue().getAsLong())) {
      return false;
    }
    if (cells == null || cells.getValue().isNullReference()) {
      return true;
    }
    HeapObject.HeapObjectArray arr = cells.getValueAsObjectArray();
    for (shark.HeapValue v : iterable(arr.readElements())) {
      HeapObject.HeapInstance cell = v.getAsObject() == null ? null : v.getAsObject().getAsInstance();
      HeapField value = cell == null ? null : cell.get("java.util.concurrent.ConcurrentHashMap$CounterCell", "value");
      if (value != null && !Long.valueOf(0).equals(value.getValue().getAsLong())) {
        return false;
      }
    }
    return true;
  }

  /** The class name of an object ({@code java.util.concurrent.LinkedBlockingQueue}), or the class itself. */
  String typeOf(int index) {
    HeapObject o = object(index);
    if (o instanceof HeapObject.HeapInstance inst) {
      return inst.getInstanceClassName();
    }
    if (o instanceof HeapObject.HeapObjectArray arr) {
      return arr.getArrayClassName();
    }
    if (o instanceof HeapObject.HeapClass c) {
      return "class " + c.getName();
    }
    return o instanceof HeapObject.HeapPrimitiveArray p ? p.getArrayClassName() : "?";
  }

  private long readId(byte[] values, int off) {
    long v = 0;
    for (int k = 0; k < idSize; k++) {
      v = (v << 8) | (values[off + k] & 0xff);
    }
    return v;
  }

  private Layout layoutOf(HeapObject.HeapInstance inst) {
    long classId = inst.getInstanceClassId();
    int ci = ids == null ? -1 : ids.classPosition(classId);
    if (ci >= 0 && ci < layoutByClassIndex.length) {
      Layout l = layoutByClassIndex[ci];
      if (l == null) {
        l = layout(classId);
        layoutByClassIndex[ci] = l;
      }
      return l;
    }
    return layout(classId);
  }

  private boolean isCut(String className) {
    for (String c : cut) {
      // "pkg." is a package and its sub-packages; "pkg.Cls" is that class and its nested classes
      if (c.endsWith(".") ? className.startsWith(c) : className.equals(c) || className.startsWith(c + "$")) {
        return true;
      }
    }
    return false;
  }

  private Layout layout(long classId) {
    Layout l = layouts.get(classId);
    if (l != null) {
      return l;
    }
    HeapObject.HeapClass cls = graph.findObjectById(classId).getAsClass();
    boolean weak = isReference(cls);
    List<Integer> offsets = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int off = 0;
    Map<Integer, Integer> sizes = PrimitiveType.Companion.getByteSizeByHprofType();
    if (isCut(cls.getName())) {
      l = new Layout(new int[0], new String[0]);
      layouts.put(classId, l);
      return l;
    }
    for (HeapObject.HeapClass c = cls; c != null; c = c.getSuperclass()) {
      for (FieldRecord f : c.readRecordFields()) {
        if (f.getType() == REFERENCE_TYPE) {
          String name = c.instanceFieldName(f);
          boolean skip = weak && c.getObjectId() == referenceClassId && (name.equals("referent")
              || name.equals("discovered"))
              // JDK 18 and older list every thread of a group here: a registry, like Thread.getAllStackTraces, not
              // an owner that can stop a thread
              || (name.equals("threads") && c.getName().equals("java.lang.ThreadGroup"))
              // a thread-local's value is reachable only through its key: followed as an ephemeron by the walk
              || (name.equals("value") && c.getObjectId() == entryClassId);
          if (!skip) {
            offsets.add(off);
            names.add(c.getName() + "." + name);
          }
          off += idSize;
        } else {
          off += sizes.get(f.getType());
        }
      }
    }
    l = new Layout(offsets.stream().mapToInt(Integer::intValue).toArray(), names.toArray(String[]::new));
    layouts.put(classId, l);
    return l;
  }

  private boolean isReference(HeapObject.HeapClass cls) {
    if (referenceClassId == 0) {
      return false;
    }
    Boolean b = isReferenceClass.get(cls.getObjectId());
    if (b == null) {
      b = false;
      for (HeapObject.HeapClass c = cls; c != null; c = c.getSuperclass()) {
        if (c.getObjectId() == referenceClassId) {
          b = true;
          break;
        }
      }
      isReferenceClass.put(cls.getObjectId(), b);
    }
    return b;
  }

  static <T> Iterable<T> iterable(kotlin.sequences.Sequence<T> s) {
    return s::iterator;
  }

  @Override
  public void close() throws IOException {
    graph.close();
  }
}
