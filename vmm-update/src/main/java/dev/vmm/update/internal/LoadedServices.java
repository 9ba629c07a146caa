package dev.vmm.update.internal;

import dev.vmm.core.Hypercall;
import dev.vmm.update.UpdateVersion;
import dev.vmm.update.VmmService;
import dev.vmm.update.VmmServices;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version's services and updatable hypercalls. Holds its module layer so the layer's class
 * loader lives as long as anyone holds this snapshot, one of its services or one of its calls.
 */
final class LoadedServices implements VmmServices {
  private final UpdateVersion version;
  private final Map<String, VmmService> byName;
  private final HypercallTable hypercalls;
  /** Never read: held so the layer, and its class loader, stay reachable with this snapshot. */
  private final ModuleLayer layer;

  LoadedServices(UpdateVersion version, Map<String, VmmService> byName, HypercallTable hypercalls,
      ModuleLayer layer) {
    this.version = version;
    this.byName = Map.copyOf(byName);
    this.hypercalls = hypercalls;
    this.layer = layer;
  }

  @Override
  public UpdateVersion version() {
    return version;
  }

  @Override
  public Optional<VmmService> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  @Override
  public Set<String> names() {
    return byName.keySet();
  }

  @Override
  public Hypercall hypercall(long number) {
    return hypercalls.call(number);
  }

  @Override
  public Set<Long> hypercallNumbers() {
    return hypercalls.numbers();
  }

  Iterable<VmmService> all() {
    return byName.values();
  }

  @Override
  public String toString() {
    return "VmmServices[" + version + ", " + byName.keySet() + ", hypercalls " + hypercalls.numbers().stream()
        .map(Long::toHexString).toList() + "]";
  }
}
