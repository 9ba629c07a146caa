/**
 * Dagger wiring of the VMM side of updating: {@link dev.vmm.update.dagger.UpdateModule}, for a
 * component that also includes {@link dev.vmm.core.dagger.VmmModule}. Hosts without Dagger use
 * {@link dev.vmm.update.UpdateHypercalls} instead.
 */
package dev.vmm.update.dagger;
