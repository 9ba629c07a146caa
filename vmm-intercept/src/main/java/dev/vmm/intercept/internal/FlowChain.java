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
 * <p>Each module sees a read-only buffer of its own over the chunk (or over what an earlier module
 * replaced it with), so no module can change what the host holds, what another module sees, or
 * where the next module starts reading.
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
   * Runs a read-only chunk through the chain: pass and replace hand the current bytes on; drop,
   * close and reply end the chain. The result is pass (unchanged), replace (changed), or the
   * ending verdict.
   */
  Verdict chunk(ByteBuffer chunk) {
    ByteBuffer current = chunk;
    byte[] replaced = null;
    for (BoundModule<?> module : modules) {
      Verdict verdict = call(module, current.duplicate());
      switch (verdict) {
        case Verdict.Pass pass -> { }
        case Verdict.Replace replace -> {
          replaced = replace.bytes();
          current = ByteBuffer.wrap(replaced).asReadOnlyBuffer();
        }
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
    return replaced == null ? Verdict.pass() : new Verdict.Replace(replaced);
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
