package dev.vmm.cli.internal;

import dagger.BindsInstance;
import dagger.Subcomponent;
import dev.vmm.core.Vmm;
import dev.vmm.core.dagger.VmmModule;
import dev.vmm.update.UpdateStore;
import dev.vmm.update.dagger.UpdateModule;
import dev.vmm.update.dagger.UpdateSettings;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The graph of the {@code vmm update} store commands: vmm-core's modules and vmm-update's, so the
 * VMM's guests reach the store through the update hypercalls.
 */
@Singleton
@Subcomponent(modules = {VmmModule.class, UpdateModule.class})
public interface UpdateComponent {
  /**
   * Returns the VMM with the update hypercalls, built on first use; close it before the store.
   *
   * @return the one VMM of this graph
   */
  Vmm vmm();

  /**
   * Returns the store, opened on first use.
   *
   * @return the one store of this graph
   * @throws UncheckedIOException if it cannot be opened
   */
  UpdateStore store();

  /**
   * Returns the store, opened on first use, with the reason it cannot be opened as the
   * {@link IOException} the store gave.
   *
   * @return the one store of this graph
   * @throws IOException if it cannot be opened
   */
  default UpdateStore openStore() throws IOException {
    try {
      return store();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Makes the graph for one store. */
  @Subcomponent.Factory
  interface Factory {
    /**
     * Creates the graph.
     *
     * @param settings the store directory, the trust root and the factory version
     * @return the graph
     */
    UpdateComponent create(@BindsInstance UpdateSettings settings);
  }
}
