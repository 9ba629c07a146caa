package dev.vmm.memory;

import dev.vmm.memory.internal.MemoryFactory;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A guest's physical memory, its region map and its tagged heap, with every access checked.
 *
 * <p>The bytes live off-heap in one {@link MemorySegment} (anonymous, or a shared mapping of a
 * file), so memories larger than 2 GiB work. A region map says what each 4 KiB page is: RAM,
 * read-only, the heap, or unmapped. Loads and stores are little-endian, of 1, 2, 4 or 8 bytes, at
 * any alignment.
 *
 * <h2>Tagged pointers</h2>
 *
 * <p>A pointer carries a tag in its top bits and the address below ({@link PointerLayout}). The
 * heap allocator ({@link #malloc}, {@link #calloc}, {@link #realloc}, {@link #alignedAlloc},
 * {@link #free}) gives every allocation a random non-zero tag that differs from both neighbours'
 * and records it in an allocation table. An access to the heap is allowed only when the pointer's
 * tag equals the tag of the allocation that maps the address and the whole access lies inside that
 * allocation, to the byte. An untagged pointer (tag 0) may touch RAM and read-only regions only,
 * as the region map allows. Anything else is a {@link Violation}, reported before any byte is
 * touched; the {@link ViolationHandler} decides whether that throws (the default) or continues.
 *
 * <h2>Threads</h2>
 *
 * <table>
 *   <caption>What each call guarantees when several vCPUs share one memory</caption>
 *   <tr><th>calls</th><th>locking</th><th>guarantee</th></tr>
 *   <tr><td>loads, stores, copies</td><td>none on success: a few array loads and a compare,
 *       no allocation</td><td>checked against the allocation table as published by the last
 *       allocator call that happened before; the bytes themselves are plain memory, as on real
 *       hardware (no atomicity beyond what the platform gives an aligned access), except
 *       {@link #compareAndSet32} and {@link #compareAndSet64}, which are atomic</td></tr>
 *   <tr><td>malloc, calloc, realloc, aligned alloc, free</td><td>one lock per memory</td>
 *       <td>linearizable; a pointer returned by an allocation call is checkable by every thread
 *       that learns it afterwards</td></tr>
 *   <tr><td>violation reports, {@link #allocationAt}, {@link #leaks}, {@link #stats}</td><td>the
 *       allocator lock</td><td>a consistent snapshot</td></tr>
 * </table>
 *
 * <p>A guest that frees an allocation while another vCPU accesses it has a data race; the access
 * is then either allowed exactly as it was before the free, or refused by the lock-free check and
 * decided again under the allocator lock against the heap after the free: reported (a use after
 * free while the block is quarantined), or allowed only if the heap after the free allows it. No
 * mix of the two states lets an access through that neither allows. Because
 * freed memory first goes to the quarantine, the racing access cannot touch another allocation's
 * bytes unless more than the quarantine's worth of memory is freed while the access is in flight.
 *
 * <h2>Bad input</h2>
 *
 * <p>Guest errors are violations. Host misuse (a negative length, a bad array range, a bad
 * configuration) throws {@link IllegalArgumentException} or {@link IndexOutOfBoundsException}
 * naming the value. Sizes passed to the allocator are C {@code size_t} values, read as unsigned: a
 * size no heap can hold, an overflowing {@code calloc} product or an exhausted heap returns 0
 * (NULL), as C says, and leaves the allocator as it was; so does an allocation table grown to
 * its limit of 2^29 entries. After {@link #close()} every access, allocator and introspection call
 * throws {@link IllegalStateException}.
 *
 * <p>Instances come from {@link #builder()}; this interface is not meant to be implemented
 * elsewhere.
 */
public interface GuestMemory extends AutoCloseable {

  /** The size of a page of the region map, in bytes. */
  int PAGE_SIZE = 4096;

  /**
   * The heap's unit of allocation and of the shadow, in bytes: every allocation starts on a
   * granule and owns whole granules, as glibc's smallest chunk is 32 bytes.
   */
  int GRANULE_SIZE = 32;

  /**
   * Starts building a memory.
   *
   * @return a builder with the defaults documented on {@link Builder}
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the pointer layout.
   *
   * @return the layout the allocator tags with and the checks read
   */
  PointerLayout layout();

  /**
   * Returns whether accesses are checked.
   *
   * @return the mode chosen at build time
   */
  CheckMode mode();

  /**
   * Returns the size of physical memory.
   *
   * @return bytes; valid addresses are {@code 0} to {@code size() - 1}
   */
  long size();

  /**
   * Returns the region map.
   *
   * @return the regions in address order, unmodifiable
   */
  List<Region> regions();

  /**
   * Returns the heap region.
   *
   * @return the region of kind {@link Region.Kind#HEAP}, or {@code null} if there is none
   */
  Region heap();

  /**
   * Returns the raw bytes, for the host: loaders writing read-only code, devices, channels. No
   * checks apply; addresses are untagged offsets.
   *
   * @return the segment, valid until {@link #close()}
   */
  MemorySegment physical();

  // ---- Checked accesses: the hot path. -----------------------------------------------------

  /**
   * Loads one byte.
   *
   * @param pointer a tagged or untagged guest pointer
   * @return the byte, sign-extended by Java; {@code Byte.toUnsignedInt} gives {@code lbu}
   * @throws MemoryViolationException if refused and the handler throws
   */
  byte load8(long pointer);

  /**
   * Loads two bytes, little-endian, at any alignment.
   *
   * @param pointer a tagged or untagged guest pointer
   * @return the value
   * @throws MemoryViolationException if refused and the handler throws
   */
  short load16(long pointer);

  /**
   * Loads four bytes, little-endian, at any alignment.
   *
   * @param pointer a tagged or untagged guest pointer
   * @return the value
   * @throws MemoryViolationException if refused and the handler throws
   */
  int load32(long pointer);

  /**
   * Loads eight bytes, little-endian, at any alignment.
   *
   * @param pointer a tagged or untagged guest pointer
   * @return the value
   * @throws MemoryViolationException if refused and the handler throws
   */
  long load64(long pointer);

  /**
   * Stores one byte.
   *
   * @param pointer a tagged or untagged guest pointer
   * @param value its low 8 bits are stored
   * @throws MemoryViolationException if refused and the handler throws
   */
  void store8(long pointer, int value);

  /**
   * Stores two bytes, little-endian, at any alignment.
   *
   * @param pointer a tagged or untagged guest pointer
   * @param value its low 16 bits are stored
   * @throws MemoryViolationException if refused and the handler throws
   */
  void store16(long pointer, int value);

  /**
   * Stores four bytes, little-endian, at any alignment.
   *
   * @param pointer a tagged or untagged guest pointer
   * @param value the value
   * @throws MemoryViolationException if refused and the handler throws
   */
  void store32(long pointer, int value);

  /**
   * Stores eight bytes, little-endian, at any alignment.
   *
   * @param pointer a tagged or untagged guest pointer
   * @param value the value
   * @throws MemoryViolationException if refused and the handler throws
   */
  void store64(long pointer, long value);

  /**
   * Atomically stores four bytes at a naturally aligned pointer if they hold {@code expected}
   * (little-endian), with the memory effects of a volatile read and write; atomic against every
   * other access to those bytes, from any thread. Checked as a 4-byte write: a refused access
   * writes nothing. This is what a guest CPU's atomic instructions are built on.
   *
   * @param pointer a tagged or untagged guest pointer; its address 4-byte aligned
   * @param expected the value the bytes must hold
   * @param value the value to store
   * @return whether the bytes held {@code expected} and now hold {@code value}; {@code true}
   *     when the access was refused and the handler returned, so that a caller's retry loop ends
   *     (the access is then skipped, as a refused store is)
   * @throws MemoryViolationException if refused and the handler throws
   * @throws IllegalArgumentException if the address is not 4-byte aligned
   */
  boolean compareAndSet32(long pointer, int expected, int value);

  /**
   * Atomically stores eight bytes at a naturally aligned pointer if they hold {@code expected};
   * as {@link #compareAndSet32}, for 8 bytes.
   *
   * @param pointer a tagged or untagged guest pointer; its address 8-byte aligned
   * @param expected the value the bytes must hold
   * @param value the value to store
   * @return whether the bytes held {@code expected} and now hold {@code value}; {@code true}
   *     when the access was refused and the handler returned
   * @throws MemoryViolationException if refused and the handler throws
   * @throws IllegalArgumentException if the address is not 8-byte aligned
   */
  boolean compareAndSet64(long pointer, long expected, long value);

  // ---- Bulk copies: each checked as one access of its whole length. ------------------------

  /**
   * Copies bytes from the host into guest memory, checked as one write of {@code length} bytes:
   * all of it lies inside one allocation (heap) or in writable pages (elsewhere), or nothing is
   * written. A length of 0 writes nothing and is never a violation.
   *
   * @param pointer the guest destination
   * @param source the host bytes
   * @param offset the first byte of {@code source} to copy
   * @param length the number of bytes
   * @throws IndexOutOfBoundsException if {@code [offset, offset + length)} is not inside
   *     {@code source} (a negative length included)
   * @throws MemoryViolationException if refused and the handler throws
   */
  void copyIn(long pointer, byte[] source, int offset, int length);

  /**
   * Copies bytes from a host segment into guest memory, checked as one write of its whole size.
   *
   * @param pointer the guest destination
   * @param source the host bytes, all of them
   * @throws MemoryViolationException if refused and the handler throws
   */
  void copyIn(long pointer, MemorySegment source);

  /**
   * Copies bytes from guest memory to the host, checked as one read of {@code length} bytes.
   *
   * @param pointer the guest source
   * @param destination the host array
   * @param offset where in {@code destination} the first byte goes
   * @param length the number of bytes
   * @throws IndexOutOfBoundsException if {@code [offset, offset + length)} is not inside
   *     {@code destination} (a negative length included)
   * @throws MemoryViolationException if refused and the handler throws
   */
  void copyOut(long pointer, byte[] destination, int offset, int length);

  /**
   * Copies bytes from guest memory into a host segment, checked as one read of its whole size.
   *
   * @param pointer the guest source
   * @param destination the host segment, filled entirely
   * @throws MemoryViolationException if refused and the handler throws
   */
  void copyOut(long pointer, MemorySegment destination);

  /**
   * Copies bytes within guest memory ({@code memmove}: the ranges may overlap). The source is
   * checked as one read and the destination as one write, both before any byte moves.
   *
   * @param destination the guest destination pointer
   * @param source the guest source pointer
   * @param length the number of bytes, 0 or more
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws MemoryViolationException if refused and the handler throws
   */
  void copy(long destination, long source, long length);

  /**
   * Sets bytes of guest memory ({@code memset}), checked as one write.
   *
   * @param pointer the guest destination
   * @param value its low 8 bits are written to every byte
   * @param length the number of bytes, 0 or more
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws MemoryViolationException if refused and the handler throws
   */
  void fill(long pointer, int value, long length);

  // ---- The tagged heap allocator: C semantics. ----------------------------------------------

  /**
   * Allocates {@code size} bytes, 32-byte aligned, with a fresh tag (C {@code malloc}). The bytes
   * are not cleared. {@code malloc(0)} returns a unique pointer that may be freed and through which
   * every access is an overflow.
   *
   * @param size a C {@code size_t}, read as unsigned
   * @param site the caller's site, reported for this allocation (a guest pc, say)
   * @return the tagged pointer, or 0 (NULL) if the heap cannot hold it (even after emptying the
   *     quarantine) or there is no heap
   */
  long malloc(long size, long site);

  /**
   * Allocates a zeroed array of {@code count} elements of {@code size} bytes (C {@code calloc}).
   *
   * @param count a C {@code size_t}, read as unsigned
   * @param size a C {@code size_t}, read as unsigned
   * @param site the caller's site
   * @return the tagged pointer, or 0 (NULL) if {@code count * size} overflows 64 bits or the heap
   *     cannot hold it
   */
  long calloc(long count, long size, long site);

  /**
   * Allocates {@code size} bytes whose address is a multiple of {@code alignment} (C
   * {@code aligned_alloc}, {@code memalign}; {@code posix_memalign} is this plus its error code).
   *
   * @param alignment a power of two; up to {@value #GRANULE_SIZE} is what {@link #malloc} gives
   * @param size a C {@code size_t}, read as unsigned
   * @param site the caller's site
   * @return the tagged pointer, or 0 (NULL) if the alignment is not a power of two or the heap
   *     cannot hold it
   */
  long alignedAlloc(long alignment, long size, long site);

  /**
   * Resizes an allocation (C {@code realloc}). {@code realloc(0, n)} is {@code malloc(n)};
   * {@code realloc(p, 0)} frees {@code p} and returns 0, as glibc does. Otherwise the allocation
   * shrinks in place (its tail granules return to the heap), grows in place when the granules after
   * it are free and the new neighbour's tag differs, or moves: a new allocation with a new tag gets
   * the old contents up to the smaller size, and the old one is freed into the quarantine with this
   * call's site. If the move cannot be satisfied the old allocation is untouched and 0 returned.
   *
   * @param pointer 0 or a pointer to the start of a live allocation
   * @param size the new size, a C {@code size_t} read as unsigned
   * @param site the caller's site, the new allocation site (and the free site of a moved block)
   * @return the pointer to the resized allocation (the same one if it did not move), or 0
   * @throws MemoryViolationException if {@code pointer} is not 0 and not a live allocation's start
   *     ({@link ViolationKind#DOUBLE_FREE} or {@link ViolationKind#INVALID_FREE}, access
   *     {@link AccessKind#REALLOC}) and the handler throws
   */
  long realloc(long pointer, long size, long site);

  /**
   * Frees an allocation (C {@code free}): its tag stops matching at once, and its memory and
   * identifier are held in the quarantine until more than the quarantine's size has been freed
   * after it; only then can the memory be reused. {@code free(0)} does nothing.
   *
   * @param pointer 0 or the pointer a live allocation was returned with
   * @param site the caller's site, reported as this allocation's free site
   * @throws MemoryViolationException if the pointer is quarantined
   *     ({@link ViolationKind#DOUBLE_FREE}) or not a live allocation's start
   *     ({@link ViolationKind#INVALID_FREE}) and the handler throws
   */
  void free(long pointer, long site);

  // ---- Introspection. ---------------------------------------------------------------------

  /**
   * Returns the allocation-table entry that maps an address, live or quarantined.
   *
   * @param pointer any value; only its address bits are used
   * @return the allocation, or {@code null} if the address is not in an allocation
   */
  Allocation allocationAt(long pointer);

  /**
   * Lists the allocations live now, with their allocation sites: at teardown, the leaks.
   *
   * @return the report, in address order
   */
  LeakReport leaks();

  /**
   * Returns the heap's accounting and the checking metadata's size.
   *
   * @return a snapshot
   */
  HeapStats stats();

  /**
   * Releases the memory (and unmaps the file, if any). Afterwards every access, allocator and
   * introspection call throws {@link IllegalStateException}; the configuration getters still
   * answer. Calls racing with {@code close} may throw it too. Closing twice does nothing.
   */
  @Override
  void close();

  /**
   * Configures a {@link GuestMemory}. Defaults: {@link PointerLayout#DEFAULT}, checked, no regions
   * (add them), a quarantine of a quarter of the heap, tags from a random seed, violations thrown,
   * anonymous memory.
   */
  final class Builder {
    private long size = -1;
    private PointerLayout layout = PointerLayout.DEFAULT;
    private CheckMode mode = CheckMode.CHECKED;
    private final List<Region> regions = new ArrayList<>();
    private long quarantineBytes = -1;
    private Long tagSeed;
    private ViolationHandler violationHandler = ViolationHandler.THROW;
    private Path file;

    Builder() {}

    /**
     * Sets the size of physical memory.
     *
     * @param size a positive multiple of {@value #PAGE_SIZE}, at most {@code 2^addressBits}
     * @return this builder
     * @throws IllegalArgumentException if {@code size} is not positive or not page-aligned
     */
    public Builder size(long size) {
      if (size <= 0 || size % PAGE_SIZE != 0) {
        throw new IllegalArgumentException(
            "size must be a positive multiple of " + PAGE_SIZE + ": " + size);
      }
      this.size = size;
      return this;
    }

    /**
     * Sets the pointer layout.
     *
     * @param layout the layout, not null
     * @return this builder
     */
    public Builder layout(PointerLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /**
     * Sets whether accesses are checked.
     *
     * @param mode the mode, not null
     * @return this builder
     */
    public Builder mode(CheckMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Maps RAM: untagged loads and stores allowed.
     *
     * @param base page-aligned start
     * @param size page-aligned length
     * @return this builder
     * @throws IllegalArgumentException as {@link Region#Region} does
     */
    public Builder ram(long base, long size) {
      regions.add(new Region(base, size, Region.Kind.RAM));
      return this;
    }

    /**
     * Maps a read-only region: untagged loads allowed, stores refused. The host writes it through
     * {@link GuestMemory#physical()}.
     *
     * @param base page-aligned start
     * @param size page-aligned length
     * @return this builder
     * @throws IllegalArgumentException as {@link Region#Region} does
     */
    public Builder readOnly(long base, long size) {
      regions.add(new Region(base, size, Region.Kind.READ_ONLY));
      return this;
    }

    /**
     * Maps the tagged heap, which the allocator serves. At most one heap, at most
     * {@code 2^31 - 1} granules (64 GiB).
     *
     * @param base page-aligned start
     * @param size page-aligned length
     * @return this builder
     * @throws IllegalArgumentException as {@link Region#Region} does
     */
    public Builder heap(long base, long size) {
      regions.add(new Region(base, size, Region.Kind.HEAP));
      return this;
    }

    /**
     * Sets how many bytes of freed allocations the quarantine holds before the oldest are reused.
     * 0 disables it: freed memory is reusable at once, and a use after free is then caught only by
     * the tag of whatever is allocated there next.
     *
     * @param bytes 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder quarantineBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("quarantineBytes must not be negative: " + bytes);
      }
      this.quarantineBytes = bytes;
      return this;
    }

    /**
     * Seeds the tag generator, so that a run's tags, and so its reports, repeat exactly.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder tagSeed(long seed) {
      this.tagSeed = seed;
      return this;
    }

    /**
     * Sets what happens on a violation.
     *
     * @param handler the handler, not null
     * @return this builder
     */
    public Builder violationHandler(ViolationHandler handler) {
      this.violationHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Backs the memory with a shared mapping of a file, created if missing and extended to
     * {@link #size(long)} if shorter, so another process that maps the same file sees the same
     * bytes. Pages are allocated on first touch. Only the bytes are shared: the region map, the
     * allocation table and the shadow live in this JVM.
     *
     * @param file the file, not null
     * @return this builder
     */
    public Builder mappedFile(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Builds the memory.
     *
     * @return a new memory, zeroed if anonymous, holding the file's bytes if mapped
     * @throws IllegalArgumentException if the size is missing or too large for the layout,
     *     regions overlap or extend past the end, there is more than one heap, or the heap is too
     *     large
     * @throws java.io.UncheckedIOException if the file cannot be mapped
     */
    public GuestMemory build() {
      if (size < 0) {
        throw new IllegalArgumentException("size is required");
      }
      return MemoryFactory.create(
          size, layout, mode, regions, quarantineBytes,
          tagSeed != null ? tagSeed : new java.util.SplittableRandom().nextLong(),
          violationHandler, file);
    }
  }
}
