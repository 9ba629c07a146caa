package dev.vmm.update;

/**
 * A VMM service that updates replace: the service provider interface of a VMM payload's jars.
 *
 * <p>A VMM payload is a zip of jars; each jar that provides this interface (through
 * {@code META-INF/services/dev.vmm.update.VmmService} or a module's {@code provides}) contributes
 * services. When an update is committed, the new version's providers are loaded in a layer of their
 * own and looked up by {@link #name()} for every new call; a caller that still holds a service of
 * the previous version keeps running it. The call shape is that of a hypercall: four argument
 * registers in, one value out.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface VmmService {
  /**
   * The name callers look the service up by; unique within one version.
   *
   * @return the name
   */
  String name();

  /**
   * Serves one call.
   *
   * @param a0 the first argument
   * @param a1 the second argument
   * @param a2 the third argument
   * @param a3 the fourth argument
   * @return the result
   */
  long call(long a0, long a1, long a2, long a3);

  /**
   * Checks that the service works, once, after a new version is loaded and before it is kept. An
   * exception fails the health check and rolls the update back.
   *
   * @throws Exception if the service is not healthy
   */
  default void checkHealth() throws Exception {}
}
