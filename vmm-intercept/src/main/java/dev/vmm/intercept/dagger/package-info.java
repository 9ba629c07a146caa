/**
 * Dagger wiring of interception: {@link dev.vmm.intercept.dagger.InterceptModule}, for a component
 * that also includes {@link dev.vmm.core.dagger.VmmModule}. Hosts without Dagger use
 * {@link dev.vmm.intercept.Interceptor#builder()} instead.
 */
package dev.vmm.intercept.dagger;
