package dev.vmm.core;

/**
 * A long-lived service inside a guest (the updater, say): started when its guest starts, stopped
 * when it stops. Provided through {@link java.util.ServiceLoader}: {@code provides
 * dev.vmm.core.GuestExtension with ...} in a module, or {@code META-INF/services} on the class
 * path. A new instance is made for every guest that names it.
 *
 * <p>An extension runs in the guest's trust domain: it reaches the VMM only through its context,
 * that is through hypercalls.
 */
public interface GuestExtension {
  /**
   * Returns the name guests select it by ({@link GuestConfig.Builder#extensions}).
   *
   * @return the name, unique among the extensions on offer
   */
  String name();

  /**
   * Starts the extension. It may keep the context and start threads of its own, which it ends in
   * {@link #stop()}.
   *
   * @param context the guest, its channels, hypercalls and log
   * @throws Exception if it cannot start: the guest then stops with
   *     {@link GuestExit.KernelFailed}
   */
  void start(GuestExtensionContext context) throws Exception;

  /** Stops the extension and ends its threads; called once, when the guest stops. */
  void stop();
}
