package dev.leash.prove;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Timeout;
import shark.DualSourceProvider;
import shark.RandomAccessSource;

/**
 * The heap dump mapped into memory for Shark's reader: an object read is a copy from the page cache instead of a seek
 * and a read system call, which is most of the cost of walking tens of millions of objects. The mapping is read-only
 * and released with the file channel's last buffer; nothing is loaded on the Java heap.
 */
final class MappedHprof implements DualSourceProvider {
  private static final long CHUNK = 1L << 30;

  private final Path file;
  private final List<MappedByteBuffer> chunks = new ArrayList<>();
  private final long size;

  MappedHprof(Path file) throws IOException {
    this.file = file;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      size = ch.size();
      for (long pos = 0; pos < size; pos += CHUNK) {
        chunks.add(ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(CHUNK, size - pos)));
      }
    }
  }

  /** Copies up to {@code count} bytes at {@code position} into {@code sink}; -1 at the end of the file. */
  long read(Buffer sink, long position, long count) throws IOException {
    if (position >= size) {
      return -1;
    }
    long n = Math.min(count, size - position);
    long done = 0;
    while (done < n) {
      long p = position + done;
      MappedByteBuffer chunk = chunks.get((int) (p / CHUNK));
      int off = (int) (p % CHUNK);
      int len = (int) Math.min(n - done, CHUNK - off);
      sink.write(chunk.slice(off, len)); // one copy, from the page cache into okio's segments
      done += len;
    }
    return n;
  }

  @Override
  public RandomAccessSource openRandomAccessSource() {
    return new RandomAccessSource() {
      @Override
      public long read(Buffer sink, long position, long byteCount) throws IOException {
        return MappedHprof.this.read(sink, position, byteCount);
      }

      @Override
      public BufferedSource asStreamingSource() {
        return openStreamingSource();
      }

      @Override
      public void close() {
        // the mapping lives as long as this provider
      }
    };
  }

  @Override
  public BufferedSource openStreamingSource() {
    return Okio.buffer(new okio.Source() {
      private long position;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = MappedHprof.this.read(sink, position, byteCount);
        if (n > 0) {
          position += n;
        }
        return n;
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {
        // nothing to release per stream
      }
    });
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
