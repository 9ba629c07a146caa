package dev.vmm.core;

import dev.vmm.memory.CheckMode;
import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.ElfImage;
import dev.vmm.riscv.LinuxProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a guest's first hart runs: raw machine code, or a static RISC-V Linux program. A guest
 * without a program runs only its extensions and modules.
 */
public sealed interface GuestProgram {
  /**
   * Machine code placed at {@link GuestConfig#CODE_BASE} and started there, with {@code sp} at the
   * top of the guest's RAM: for small test programs that speak to the kernel through raw
   * {@code ecall}s. Static ELF programs are {@link Linux}.
   *
   * @param code the instructions, little-endian, at most {@link GuestConfig#CODE_SIZE} bytes
   */
  record Machine(byte[] code) implements GuestProgram {
    /**
     * Checks and copies the code.
     *
     * @throws IllegalArgumentException if the code is empty or too large
     */
    public Machine {
      if (code.length == 0 || code.length > GuestConfig.CODE_SIZE) {
        throw new IllegalArgumentException(
            "machine code must be 1 to " + GuestConfig.CODE_SIZE + " bytes: " + code.length);
      }
      code = code.clone();
    }

    /**
     * Builds a program from 32-bit instruction words.
     *
     * @param instructions the words, in order
     * @return the program
     */
    public static Machine of(int... instructions) {
      byte[] code = new byte[instructions.length * 4];
      for (int i = 0; i < instructions.length; i++) {
        for (int b = 0; b < 4; b++) {
          code[i * 4 + b] = (byte) (instructions[i] >>> (8 * b));
        }
      }
      return new Machine(code);
    }

    /**
     * Returns a copy of the code.
     *
     * @return the instructions
     */
    @Override
    public byte[] code() {
      return code.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Machine machine && Arrays.equals(code, machine.code);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(code);
    }

    @Override
    public String toString() {
      return "Machine[" + code.length + " bytes]";
    }
  }

  /**
   * A static RISC-V Linux executable ({@code riscv64-linux-gnu-gcc -static}) run by the guest
   * kernel on the guest's tagged memory, as vmm-riscv's {@link LinuxProcess} runs it: its
   * {@code malloc} family served by the tagged allocator, every access checked, its threads on
   * harts of their own, and the guest's hypercalls served before its Linux system calls. The
   * guest's {@link GuestConfig} gives the memory size (at least 16 MiB for such a program), the
   * quarantine, the tag seed and where standard output and error go; this gives the rest. The
   * guest exits with {@link GuestExit.ProcessEnded}.
   */
  final class Linux implements GuestProgram {
    private final byte[] elf;
    private final List<String> argv;
    private final List<String> envp;
    private final InputStream stdin;
    private final Path fileRoot;
    private final CheckMode checkMode;
    private final LinuxProcess.AfterViolation afterViolation;
    private final long instructionBudget;
    private final List<String> warnings;

    private Linux(Builder builder, ElfImage image) {
      this.warnings = LinuxProcess.warnings(image);
      this.elf = builder.elf;
      this.argv = builder.argv;
      this.envp = builder.envp;
      this.stdin = builder.stdin;
      this.fileRoot = builder.fileRoot;
      this.checkMode = builder.checkMode;
      this.afterViolation = builder.afterViolation;
      this.instructionBudget = builder.instructionBudget;
    }

    /**
     * Starts describing a program read from a file.
     *
     * @param program the executable
     * @return a builder, {@code argv} the path
     * @throws IOException if the file cannot be read
     */
    public static Builder builder(Path program) throws IOException {
      return new Builder(Files.readAllBytes(program)).argv(List.of(program.toString()));
    }

    /**
     * Starts describing a program from its bytes.
     *
     * @param elf the whole executable; copied
     * @return a builder, {@code argv} {@code "prog"}
     */
    public static Builder builder(byte[] elf) {
      return new Builder(elf.clone());
    }

    /**
     * Returns the arguments.
     *
     * @return {@code argv}, the program name first
     */
    public List<String> argv() {
      return argv;
    }

    /**
     * Returns how the guest's memory is checked.
     *
     * @return the check mode
     */
    public CheckMode checkMode() {
      return checkMode;
    }

    /**
     * Returns what a memory violation does.
     *
     * @return halt or continue
     */
    public LinuxProcess.AfterViolation afterViolation() {
      return afterViolation;
    }

    /**
     * Returns what the guest kernel tells the user before running the program (for example that
     * it is stripped, so its heap is not checked).
     *
     * @return the warnings, one line each
     */
    public List<String> warnings() {
      return warnings;
    }

    /**
     * Returns a process builder with this program's settings, for the guest kernel to complete
     * with the guest's memory and streams.
     *
     * @return a new builder
     */
    public LinuxProcess.Builder processBuilder() {
      LinuxProcess.Builder builder = LinuxProcess.builder(elf).argv(argv).envp(envp)
          .stdin(stdin).checkMode(checkMode).afterViolation(afterViolation);
      if (fileRoot != null) {
        builder.fileRoot(fileRoot);
      }
      if (instructionBudget != Long.MAX_VALUE) {
        builder.instructionBudget(instructionBudget);
      }
      return builder;
    }

    @Override
    public String toString() {
      return "Linux[" + argv.getFirst() + ", " + elf.length + " bytes]";
    }

    /**
     * Configures a {@link Linux} program. Defaults as {@link LinuxProcess.Builder}'s: no
     * environment, no input, no files, checked, halt on the first violation, no instruction
     * limit.
     */
    public static final class Builder {
      private final byte[] elf;
      private List<String> argv = List.of("prog");
      private List<String> envp = List.of();
      private InputStream stdin = InputStream.nullInputStream();
      private Path fileRoot;
      private CheckMode checkMode = CheckMode.CHECKED;
      private LinuxProcess.AfterViolation afterViolation = LinuxProcess.AfterViolation.HALT;
      private long instructionBudget = Long.MAX_VALUE;

      private Builder(byte[] elf) {
        this.elf = elf;
      }

      /**
       * Sets the arguments.
       *
       * @param argv {@code argv[0]} first; at least one
       * @return this builder
       * @throws IllegalArgumentException if {@code argv} is empty
       */
      public Builder argv(List<String> argv) {
        if (argv.isEmpty()) {
          throw new IllegalArgumentException("argv needs at least the program name");
        }
        this.argv = List.copyOf(argv);
        return this;
      }

      /**
       * Sets the environment.
       *
       * @param envp {@code NAME=value} strings
       * @return this builder
       */
      public Builder envp(List<String> envp) {
        this.envp = List.copyOf(envp);
        return this;
      }

      /**
       * Sets what the program reads from descriptor 0.
       *
       * @param in the stream; the guest reads it, never closes it
       * @return this builder
       */
      public Builder stdin(InputStream in) {
        this.stdin = Objects.requireNonNull(in, "stdin");
        return this;
      }

      /**
       * Confines the program's files to a host directory, which it sees as {@code /}.
       *
       * @param root an existing directory
       * @return this builder
       * @throws IllegalArgumentException if {@code root} is not a directory
       */
      public Builder fileRoot(Path root) {
        if (!Files.isDirectory(Objects.requireNonNull(root, "root"))) {
          throw new IllegalArgumentException("file root " + root + " is not a directory");
        }
        this.fileRoot = root;
        return this;
      }

      /**
       * Sets whether loads and stores are checked.
       *
       * @param mode the mode
       * @return this builder
       */
      public Builder checkMode(CheckMode mode) {
        this.checkMode = Objects.requireNonNull(mode, "mode");
        return this;
      }

      /**
       * Sets whether the first violation ends the program.
       *
       * @param after halt or continue
       * @return this builder
       */
      public Builder afterViolation(LinuxProcess.AfterViolation after) {
        this.afterViolation = Objects.requireNonNull(after, "after");
        return this;
      }

      /**
       * Limits the program to a number of instructions, over all its threads.
       *
       * @param instructions positive
       * @return this builder
       * @throws IllegalArgumentException if not positive
       */
      public Builder instructionBudget(long instructions) {
        if (instructions <= 0) {
          throw new IllegalArgumentException(
              "instructionBudget must be positive: " + instructions);
        }
        this.instructionBudget = instructions;
        return this;
      }

      /**
       * Checks that the bytes are a static RV64 executable.
       *
       * @return the program
       * @throws ElfFormatException if they are not, naming why
       */
      public Linux build() throws ElfFormatException {
        return new Linux(this, ElfImage.parse(elf));
      }
    }
  }
}
