package dev.vmm.riscv;

/**
 * Serves calls to guest functions that the host replaces, such as a C library's {@code malloc}:
 * the hart runs {@link #onCall(Hart)} instead of the function's code whenever the pc reaches one
 * of the entry addresses {@link #intercepts(long)} accepts.
 *
 * <p>The test happens once per address, when the instruction there is decoded, so the
 * instructions of other addresses cost nothing extra. The handler reads its arguments from
 * {@code a0..a7} ({@code x10..x17}), writes the result to {@code a0}, and returns; the hart then
 * continues at the return address {@code ra} ({@code x1}), as a {@code ret} from the function
 * would, unless the handler called {@link Hart#setPc(long)} or {@link Hart#halt(long)}.
 *
 * <p>A {@link dev.vmm.memory.MemoryViolationException} thrown by the handler (a bad
 * {@code free}, say) stops the hart with a {@link HartStop.MemoryFault} at the entry address; any
 * other exception is a host bug and propagates out of {@link Hart#run(long)}.
 */
public interface FunctionInterceptor {
  /** Intercepts nothing. */
  FunctionInterceptor NONE = new FunctionInterceptor() {
    @Override
    public boolean intercepts(long address) {
      return false;
    }

    @Override
    public void onCall(Hart hart) {
      throw new IllegalStateException("FunctionInterceptor.NONE intercepts no address");
    }
  };

  /**
   * Tells whether calls to an address are served by {@link #onCall(Hart)}. Must give the same
   * answer for an address every time: the hart asks once and remembers.
   *
   * @param address a guest instruction address
   * @return true if the function entry at {@code address} is replaced
   */
  boolean intercepts(long address);

  /**
   * Serves one call, with {@link Hart#pc()} at the intercepted entry address.
   *
   * @param hart the calling hart, to read arguments and write the result
   */
  void onCall(Hart hart);
}
