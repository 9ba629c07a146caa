/**
 * Dagger wiring of interception: {@link dev.vmm.intercept.dagger.InterceptModule}, for a component
 * that also includes vmm-core's modules. Hosts without Dagger use
 * {@link dev.vmm.intercept.Interceptor#builder()} instead.
 */
package dev.vmm.intercept.dagger;
