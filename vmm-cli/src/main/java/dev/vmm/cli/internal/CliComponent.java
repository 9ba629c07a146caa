package dev.vmm.cli.internal;

import dagger.Component;

/**
 * The root Dagger component of the {@code vmm} command, generated at compile time. It makes one
 * subcomponent per kind of command, each with a VMM of its own from vmm-core's {@code VmmModule}
 * plus the modules that command needs: {@link RunComponent} (core only), {@link UpdateComponent}
 * (vmm-update's {@code UpdateModule}) and {@link ServeComponent} (vmm-intercept's
 * {@code InterceptModule}).
 *
 * <p>Unscoped on purpose: each subcomponent is a {@code @Singleton} graph of its own, so a command
 * never shares a VMM, a store or an interceptor with another.
 */
@Component
public interface CliComponent {
  /**
   * Makes the graph behind {@code vmm run}.
   *
   * @return a new subcomponent
   */
  RunComponent run();

  /**
   * Makes the graphs behind {@code vmm update apply, status, rollback}.
   *
   * @return the subcomponent's factory
   */
  UpdateComponent.Factory update();

  /**
   * Makes the graphs behind {@code vmm serve}.
   *
   * @return the subcomponent's factory
   */
  ServeComponent.Factory serve();

  /**
   * Creates the component the {@code vmm} command runs with.
   *
   * @return the component
   */
  static CliComponent create() {
    return DaggerCliComponent.create();
  }
}
