package dev.vmm.core;

import java.util.Arrays;

/**
 * What a guest's first hart runs. A guest without a program runs only its extensions and
 * modules.
 */
public sealed interface GuestProgram {
  /**
   * Machine code placed at {@link GuestConfig#CODE_BASE} and started there, with {@code sp} at the
   * top of the guest's RAM: for small test programs that speak to the kernel through raw
   * {@code ecall}s. Static ELF programs come with the program runner.
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
}
