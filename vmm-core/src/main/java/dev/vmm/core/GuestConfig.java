package dev.vmm.core;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to build a guest. For a machine-code program, or none, its memory is laid out as:
 *
 * <pre>
 *   [CODE_BASE, CODE_BASE + CODE_SIZE)   read-only: the program's code
 *   [RAM_BASE,  HEAP_BASE)               RAM: stack and data, untagged
 *   [HEAP_BASE, memorySize)              the tagged heap: the program's malloc, channel rings
 * </pre>
 *
 * <p>A {@link GuestProgram.Linux} program lays the memory out its own way (its segments, brk, the
 * tagged heap, mmap, the stack; see vmm-riscv's {@code LinuxProcess}) and needs at least 16 MiB.
 *
 * <p>Every access a guest makes, and every pointer it passes in a hypercall, is checked against
 * that map and the heap's tags; a violation by the program stops the guest with its report.
 *
 * @param name a name for messages and introspection, not blank
 * @param memorySize bytes of guest memory, a multiple of 4096, at least {@link #MIN_MEMORY}
 * @param quarantineBytes bytes of freed heap held back before reuse, or -1 for the memory's default
 * @param tagSeed the heap's tag seed, so runs repeat exactly
 * @param program what the first hart runs, or {@code null} for none
 * @param extensions names of the {@link GuestExtension}s to start, in order
 * @param stdout receives the program's fd 1
 * @param stderr receives the program's fd 2 and {@link HypercallAbi#CONSOLE_WRITE}
 * @param settings the guest's own settings, which its plug-ins read
 *     ({@link GuestExtensionContext#settings()}): where an updater finds its packages, say
 */
public record GuestConfig(
    String name, long memorySize, long quarantineBytes, long tagSeed, GuestProgram program,
    List<String> extensions, OutputStream stdout, OutputStream stderr,
    Map<String, String> settings) {

  /** Where the program's code goes. */
  public static final long CODE_BASE = 0x1_0000;
  /** How much code fits. */
  public static final int CODE_SIZE = 0x1_0000;
  /** Start of RAM (stack, data). */
  public static final long RAM_BASE = CODE_BASE + CODE_SIZE;
  /** Start of the tagged heap; RAM ends here. */
  public static final long HEAP_BASE = 0x10_0000;
  /** The smallest memory: RAM and a 1 MiB heap. */
  public static final long MIN_MEMORY = HEAP_BASE + (1 << 20);

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public GuestConfig {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("guest name is blank");
    }
    if (memorySize < MIN_MEMORY || memorySize % 4096 != 0) {
      throw new IllegalArgumentException("guest '" + name + "': memorySize must be a multiple of"
          + " 4096 and at least " + MIN_MEMORY + ": " + memorySize);
    }
    if (quarantineBytes < -1) {
      throw new IllegalArgumentException(
          "guest '" + name + "': quarantineBytes must be -1 or more: " + quarantineBytes);
    }
    extensions = List.copyOf(extensions);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    settings = Map.copyOf(settings);
  }

  /**
   * Starts a configuration with defaults: 16 MiB, the memory's default quarantine, tag seed 0,
   * no program, no plug-ins, the host's standard streams.
   *
   * @param name the guest's name
   * @return the builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link GuestConfig}. */
  public static final class Builder {
    private final String name;
    private long memorySize = 16 << 20;
    private long quarantineBytes = -1;
    private long tagSeed;
    private GuestProgram program;
    private final List<String> extensions = new ArrayList<>();
    private OutputStream stdout = new NonClosing(System.out);
    private OutputStream stderr = new NonClosing(System.err);
    private final Map<String, String> settings = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the memory size.
     *
     * @param bytes see {@link GuestConfig#memorySize()}
     * @return this builder
     */
    public Builder memorySize(long bytes) {
      this.memorySize = bytes;
      return this;
    }

    /**
     * Sets the heap quarantine.
     *
     * @param bytes see {@link GuestConfig#quarantineBytes()}
     * @return this builder
     */
    public Builder quarantineBytes(long bytes) {
      this.quarantineBytes = bytes;
      return this;
    }

    /**
     * Sets the heap's tag seed.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder tagSeed(long seed) {
      this.tagSeed = seed;
      return this;
    }

    /**
     * Sets the program.
     *
     * @param program what the first hart runs
     * @return this builder
     */
    public Builder program(GuestProgram program) {
      this.program = Objects.requireNonNull(program, "program");
      return this;
    }

    /**
     * Adds extensions to start with the guest.
     *
     * @param names {@link GuestExtension#name()}s, found through the VMM's plug-in catalog
     * @return this builder
     */
    public Builder extensions(String... names) {
      extensions.addAll(List.of(names));
      return this;
    }

    /**
     * Sets where the program's standard output goes.
     *
     * @param out the stream; the guest never closes it
     * @return this builder
     */
    public Builder stdout(OutputStream out) {
      this.stdout = Objects.requireNonNull(out, "stdout");
      return this;
    }

    /**
     * Sets where the program's standard error and console writes go.
     *
     * @param err the stream; the guest never closes it
     * @return this builder
     */
    public Builder stderr(OutputStream err) {
      this.stderr = Objects.requireNonNull(err, "stderr");
      return this;
    }

    /**
     * Sets one of the guest's settings, for its plug-ins to read.
     *
     * @param key the setting's name, such as {@code "updater.source.dir"}
     * @param value its value
     * @return this builder
     */
    public Builder setting(String key, String value) {
      settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming a bad value
     */
    public GuestConfig build() {
      return new GuestConfig(name, memorySize, quarantineBytes, tagSeed, program, extensions,
          stdout, stderr, settings);
    }
  }

  /** The host's standard streams must outlive any guest that writes to them. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(PrintStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws java.io.IOException {
      flush();
    }
  }
}
