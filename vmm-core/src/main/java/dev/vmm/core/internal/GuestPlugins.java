package dev.vmm.core.internal;

import dev.vmm.core.GuestExtension;
import dev.vmm.core.HypercallDispatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest kernel's plug-in host: the guest's extensions, made from the catalog
 * when the guest is created, started in order with the guest and stopped in reverse order, once;
 * and, through each extension's context, the guest modules it asks the catalog for.
 */
final class GuestPlugins {
  private static final System.Logger LOG = System.getLogger(GuestPlugins.class.getName());

  private final GuestImpl guest;
  private final PluginCatalog catalog;
  private final HypercallDispatcher dispatcher;
  private final List<GuestExtension> extensions;
  private final List<Runnable> stops = new ArrayList<>();
  private boolean stopped;

  GuestPlugins(GuestImpl guest, PluginCatalog catalog, HypercallDispatcher dispatcher) {
    this.guest = guest;
    this.catalog = catalog;
    this.dispatcher = dispatcher;
    this.extensions = guest.config().extensions().stream().map(catalog::extension).toList();
  }

  List<GuestExtension> extensions() {
    return extensions;
  }

  /** Starts every extension; on a failure, stops those already started and rethrows. */
  synchronized void start() throws Exception {
    for (GuestExtension extension : extensions) {
      extension.start(new ExtensionContextImpl(guest, dispatcher, catalog, extension.name()));
      stops.add(extension::stop);
    }
  }

  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    for (int i = stops.size() - 1; i >= 0; i--) {
      try {
        stops.get(i).run();
      } catch (RuntimeException e) {
        // One plug-in failing to stop must not keep the others running.
        LOG.log(System.Logger.Level.WARNING, "a plug-in of guest '" + guest.name()
            + "' failed to stop", e);
      }
    }
  }
}
