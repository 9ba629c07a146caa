package dev.vmm.memory.internal;

import dev.vmm.memory.CheckMode;
import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.PointerLayout;
import dev.vmm.memory.Region;
import dev.vmm.memory.ViolationHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Builds a {@link GuestMemory} from a builder's settings. */
public final class MemoryFactory {
  private MemoryFactory() {}

  /**
   * Validates the settings and builds the memory.
   *
   * @param size memory size
   * @param layout pointer layout
   * @param mode checked or not
   * @param regions the regions
   * @param quarantineBytes quarantine bound, or -1 for a quarter of the heap
   * @param tagSeed seed of the tag generator
   * @param handler violation handler
   * @param file file to map, or null for anonymous memory
   * @return the memory
   */
  public static GuestMemory create(long size, PointerLayout layout, CheckMode mode,
      List<Region> regions, long quarantineBytes, long tagSeed, ViolationHandler handler,
      Path file) {
    RegionMap map = RegionMap.of(size, layout.addressBits(), regions);
    long quarantine = quarantineBytes >= 0 ? quarantineBytes
        : map.heap() == null ? 0 : map.heap().size() / 4;
    Arena arena = Arena.ofShared();
    try {
      MemorySegment segment = file == null ? arena.allocate(size, GuestMemory.PAGE_SIZE)
          : mapFile(file, size, arena);
      TaggedHeap heap = new TaggedHeap(map.heap(), layout.addressBits(), quarantine, tagSeed,
          segment, handler);
      return mode == CheckMode.CHECKED
          ? new CheckedGuestMemory(layout, segment, arena, map, heap, handler)
          : new UncheckedGuestMemory(layout, segment, arena, map, heap, handler);
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    }
  }

  private static MemorySegment mapFile(Path file, long size, Arena arena) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (channel.size() < size) {
        channel.write(ByteBuffer.wrap(new byte[1]), size - 1); // sparse: no page is touched
      }
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + file + " (" + size + " bytes)", e);
    }
  }
}
