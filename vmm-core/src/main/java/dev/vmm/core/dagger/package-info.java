/**
 * Dagger wiring of the hypervisor: {@link dev.vmm.core.dagger.VmmModule} gives a host's own
 * component a {@link dev.vmm.core.Vmm}. Hosts without Dagger use {@link dev.vmm.core.Vmm#builder()}.
 */
package dev.vmm.core.dagger;
