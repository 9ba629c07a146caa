package dev.vmm.core;

/**
 * <b>Provisional:</b> the interception plug-in kind that vmm-intercept feeds with host data. This
 * SPI only lets the guest kernel discover, order, start and stop modules; vmm-intercept will add
 * the chunk and flow callbacks and their verdicts, and may change what is here.
 *
 * <p>Provided through {@link java.util.ServiceLoader}, as {@link GuestExtension}s are; a new
 * instance is made for every guest that names it.
 */
public interface GuestModule {
  /**
   * Returns the name guests select it by ({@link GuestConfig.Builder#modules}).
   *
   * @return the name
   */
  String name();

  /**
   * Starts the module when its guest starts.
   *
   * @param context the guest, as an extension sees it
   * @throws Exception if it cannot start: the guest then stops with
   *     {@link GuestExit.KernelFailed}
   */
  void start(GuestExtensionContext context) throws Exception;

  /** Stops the module when its guest stops. */
  void stop();
}
