package dev.vmm.core.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.Hypercall;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallDispatcher;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallException;
import dev.vmm.core.HypercallService;
import dev.vmm.memory.MemoryViolationException;
import dev.vmm.riscv.EcallHandler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A flat table of {@link HypercallAbi#COUNT} calls indexed by {@code number - BASE}, filled once
 * when the VMM is built and only read afterwards, so dispatch is a range check, an array load
 * and the call.
 */
@Singleton
final class Dispatcher implements HypercallDispatcher {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  private final Hypercall[] calls = new Hypercall[HypercallAbi.COUNT];
  private final String[] names = new String[HypercallAbi.COUNT];
  private final LongAdder internalErrors = new LongAdder();

  @Inject
  Dispatcher(Set<HypercallService> services) {
    for (HypercallService service : services) {
      service.register((number, name, call) -> register(service, number, name, call));
    }
  }

  private void register(HypercallService service, long number, String name, Hypercall call) {
    if (!HypercallAbi.isHypercall(number)) {
      throw new IllegalArgumentException("service '" + service.name() + "' registers " + name
          + " as 0x" + Long.toHexString(number) + ", outside the hypercall range 0x"
          + Long.toHexString(HypercallAbi.BASE) + "..0x"
          + Long.toHexString(HypercallAbi.BASE + HypercallAbi.COUNT - 1));
    }
    int index = (int) (number - HypercallAbi.BASE);
    if (calls[index] != null) {
      throw new IllegalArgumentException("service '" + service.name() + "' registers " + name
          + " as 0x" + Long.toHexString(number) + ", already taken by " + names[index]);
    }
    calls[index] = java.util.Objects.requireNonNull(call, "call");
    names[index] = service.name() + "." + name;
  }

  @Override
  public long dispatch(
      Guest guest, long number, long a0, long a1, long a2, long a3, long a4, long a5) {
    if (!(guest instanceof GuestImpl caller) || caller.dispatcher() != this) {
      throw new IllegalArgumentException("not a guest of this VMM: " + guest);
    }
    long index = number - HypercallAbi.BASE;
    if (index < 0 || index >= HypercallAbi.COUNT) {
      return HypercallError.NO_SUCH_CALL.code();
    }
    Hypercall call = calls[(int) index];
    if (call == null) {
      return HypercallError.NO_SUCH_CALL.code();
    }
    try {
      return call.call(caller.hypercallContext(), a0, a1, a2, a3, a4, a5);
    } catch (HypercallException e) {
      return e.error().code();
    } catch (MemoryViolationException e) {
      return HypercallError.FAULT.code();
    } catch (RuntimeException e) {
      // A service bug must not become the guest's problem, nor the host's: count, log, go on.
      internalErrors.increment();
      LOG.log(System.Logger.Level.ERROR, "hypercall " + names[(int) index] + " of guest '"
          + caller.name() + "' failed", e);
      return HypercallError.INTERNAL.code();
    }
  }

  @Override
  public EcallHandler ecallHandler(Guest guest, EcallHandler next) {
    return new KernelEcalls(this, guest, next);
  }

  @Override
  public long internalErrors() {
    return internalErrors.sum();
  }
}
