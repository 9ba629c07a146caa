package dev.vmm.update.internal;

import dev.vmm.core.Hypercall;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One version's hypercalls of the updatable block ({@link UpdateAbi#UPDATABLE_BASE} ..
 * {@link UpdateAbi#UPDATABLE_END}), indexed by {@code number - UPDATABLE_BASE}. Filled once, by its
 * version's {@link HypercallService}s, before anyone can see it; only read afterwards, so a lookup
 * is an array load. Every slot holds a call: the numbers nobody registered hold {@link #UNBOUND}.
 */
final class HypercallTable {
  /** What an unbound number of the block does: the dispatcher's own answer to an unbound number. */
  static final Hypercall UNBOUND = (context, a0, a1, a2, a3, a4, a5) -> HypercallError.NO_SUCH_CALL.code();

  private final Hypercall[] calls = new Hypercall[UpdateAbi.UPDATABLE_COUNT];
  private final String[] owners = new String[UpdateAbi.UPDATABLE_COUNT];
  private final Set<Long> numbers;
  /** Volatile: a service may call a registrar it kept from any thread, long after publication. */
  private volatile boolean published;

  private HypercallTable(UpdateVersion version, List<HypercallService> services) {
    Set<Long> registered = new TreeSet<>();
    List<String> refused = new ArrayList<>();
    for (HypercallService service : services) {
      service.register((number, name, call) -> {
        try {
          register(version, service, number, name, call, registered);
        } catch (IllegalArgumentException e) {
          refused.add(e.getMessage());
          throw e;
        }
      });
    }
    if (!refused.isEmpty()) {
      // Also when the service caught the refusal and went on: a version with a refused number is
      // not the version its authors meant, so it fails whole.
      throw new IllegalArgumentException(String.join("; ", refused));
    }
    for (int i = 0; i < calls.length; i++) {
      if (calls[i] == null) {
        calls[i] = UNBOUND;
      }
    }
    this.numbers = Collections.unmodifiableSet(registered);
    this.published = true;
  }

  /**
   * Registers every service's calls into a new table.
   *
   * @throws IllegalArgumentException naming the service, the call and the number, when a service
   *     registers a number outside the updatable block or one already taken
   */
  static HypercallTable of(UpdateVersion version, List<HypercallService> services) {
    return new HypercallTable(version, services);
  }

  /** The call behind a number; {@link #UNBOUND} for a number this version does not serve. */
  Hypercall call(long number) {
    return UpdateAbi.isUpdatable(number) ? calls[(int) (number - UpdateAbi.UPDATABLE_BASE)] : UNBOUND;
  }

  /** The numbers this version's services registered, ascending. */
  Set<Long> numbers() {
    return numbers;
  }

  private void register(UpdateVersion version, HypercallService service, long number, String name, Hypercall call,
      Set<Long> registered) {
    String who = "hypercall service '" + service.name() + "' of VMM " + version + " registers " + name + " as 0x"
        + Long.toHexString(number);
    if (published) {
      // A service that kept the registrar must not change a table guests already call through.
      throw new IllegalStateException(who + " after its table was published");
    }
    if (!UpdateAbi.isUpdatable(number)) {
      throw new IllegalArgumentException(who + ", outside the updatable block 0x"
          + Long.toHexString(UpdateAbi.UPDATABLE_BASE) + "..0x" + Long.toHexString(UpdateAbi.UPDATABLE_END));
    }
    int index = (int) (number - UpdateAbi.UPDATABLE_BASE);
    if (calls[index] != null) {
      throw new IllegalArgumentException(who + ", already taken by " + owners[index]);
    }
    calls[index] = Objects.requireNonNull(call, () -> who + " with no implementation");
    owners[index] = service.name() + "." + name;
    registered.add(number);
  }
}
