package dev.vmm.cli.internal;

import dagger.BindsInstance;
import dagger.Component;
import dev.vmm.core.Vmm;
import dev.vmm.core.internal.BuiltInServicesModule;
import dev.vmm.core.internal.CoreModule;
import dev.vmm.core.internal.VmmSettings;
import jakarta.inject.Singleton;

/**
 * The root Dagger component of the {@code vmm} command: vmm-core's modules, generated at compile
 * time. One per command line; its {@link Vmm} lives as long as the command.
 */
@Singleton
@Component(modules = {CoreModule.class, BuiltInServicesModule.class})
public interface CliComponent {
  /**
   * Returns the VMM, built on first use.
   *
   * @return the one VMM of this component
   */
  Vmm vmm();

  /** Makes the component from the host's settings. */
  @Component.Factory
  interface Factory {
    /**
     * Creates the component.
     *
     * @param settings services, placement and plug-in sources
     * @return the component
     */
    CliComponent create(@BindsInstance VmmSettings settings);
  }

  /**
   * Creates the component the {@code vmm} command runs with: the built-in services, guests in
   * this JVM, plug-ins from the boot layer.
   *
   * @return the component
   */
  static CliComponent create() {
    return DaggerCliComponent.factory().create(VmmSettings.defaults());
  }
}
