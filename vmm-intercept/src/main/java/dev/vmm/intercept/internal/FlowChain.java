package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.Verdict;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A listener's module chain bound to one flow. Not thread-safe: the guest calls it from one thread
 * at a time per flow.
 *
 * <p>Each module sees a read-only buffer over a guest-side copy of the bytes, so no module can
 * change what the host holds or what an earlier module saw.
 */
final class FlowChain {
  private final BoundModule<?>[] modules;

  FlowChain(List<GuestModule<?>> modules, Flow flow) {
    this.modules = new BoundModule<?>[modules.size()];
    for (int i = 0; i < this.modules.length; i++) {
      this.modules[i] = BoundModule.bind(modules.get(i), flow);
    }
  }

  /** Asks every module in order; the first close or reply decides. */
  Verdict open() {
    Verdict greeting = Verdict.pass();
    for (BoundModule<?> module : modules) {
      Verdict verdict = call(module, null);
      if (verdict instanceof Verdict.Close) {
        return verdict;
      }
      if (verdict instanceof Verdict.Reply && greeting instanceof Verdict.Pass) {
        greeting = verdict;
      }
    }
    return greeting;
  }

  /**
   * Runs the chunk through the chain: pass and replace hand the current bytes on; drop, close and
   * reply end the chain. The result is pass (unchanged), replace (changed), or the ending verdict.
   */
  Verdict chunk(byte[] data) {
    byte[] current = data;
    for (BoundModule<?> module : modules) {
      Verdict verdict = call(module, ByteBuffer.wrap(current).asReadOnlyBuffer());
      switch (verdict) {
        case Verdict.Pass pass -> { }
        case Verdict.Replace replace -> current = replace.bytes();
        case Verdict.Drop drop -> {
          return verdict;
        }
        case Verdict.Close close -> {
          return verdict;
        }
        case Verdict.Reply reply -> {
          return verdict;
        }
      }
    }
    return current == data ? Verdict.pass() : new Verdict.Replace(current);
  }

  /** Tells every module the flow ended; a module that throws here does not stop the others. */
  void close() {
    for (BoundModule<?> module : modules) {
      try {
        module.close();
      } catch (RuntimeException | StackOverflowError e) {
        // The flow is over either way; the module's state is dropped with it.
      }
    }
  }

  private static Verdict call(BoundModule<?> module, ByteBuffer chunk) {
    Verdict verdict;
    try {
      verdict = chunk == null ? module.open() : module.chunk(chunk);
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModuleFailure(module.moduleName() + " threw " + e);
    }
    if (verdict == null) {
      throw new ModuleFailure(module.moduleName() + " returned no verdict");
    }
    return verdict;
  }
}
