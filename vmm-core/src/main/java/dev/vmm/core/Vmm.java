package dev.vmm.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hypervisor, host side and trusted: it creates guests and drives their lifecycle, keeps its
 * objects (guests, channels, sessions, regions) in a lock-free handle table, and owns the
 * hypercall dispatcher its services register with.
 *
 * <p>Lifecycle calls follow {@link GuestState}: an illegal one throws
 * {@link IllegalGuestStateException} naming the guest, its state and the transition, and changes
 * nothing. {@link #stop} and {@link #destroy} return only once the guest's harts have stopped;
 * {@link #close()} destroys every guest, so no guest thread outlives the VMM.
 *
 * <p>Build one with {@link #builder()}, or from Dagger with vmm-core's modules.
 */
public interface Vmm extends AutoCloseable {
  /**
   * Starts building a VMM.
   *
   * @return a builder: built-in services, in-process placement, plug-ins from the module path
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a guest in state {@link GuestState#CREATED}: its memory is allocated and its program
   * loaded, nothing runs yet.
   *
   * @param config how to build it
   * @return the guest
   * @throws IllegalArgumentException if it names an extension or module nobody provides
   * @throws IllegalStateException if the VMM is closed
   */
  Guest create(GuestConfig config);

  /**
   * Starts a guest: its extensions, then its program's hart.
   *
   * @param guest a guest of this VMM
   * @throws IllegalGuestStateException unless it is {@link GuestState#CREATED}
   */
  void start(Guest guest);

  /**
   * Pauses a guest: returns once its harts are parked.
   *
   * @param guest a guest of this VMM
   * @throws IllegalGuestStateException unless it is {@link GuestState#RUNNING}
   */
  void pause(Guest guest);

  /**
   * Resumes a paused guest.
   *
   * @param guest a guest of this VMM
   * @throws IllegalGuestStateException unless it is {@link GuestState#PAUSED}
   */
  void resume(Guest guest);

  /**
   * Stops a guest: returns once its harts have ended and its plug-ins are stopped. Its memory and
   * the data in its channels stay readable until {@link #destroy}.
   *
   * @param guest a guest of this VMM
   * @throws IllegalGuestStateException if it is already stopped or destroyed
   */
  void stop(Guest guest);

  /**
   * Destroys a guest: stops it if needed, closes its channels, releases its memory and retires
   * its handle.
   *
   * @param guest a guest of this VMM
   * @throws IllegalGuestStateException if it is already destroyed
   */
  void destroy(Guest guest);

  /**
   * Finds a guest by id.
   *
   * @param id any value
   * @return the guest, or empty if no live guest has that id
   */
  Optional<Guest> guest(long id);

  /**
   * Lists the guests not yet destroyed.
   *
   * @return a snapshot of each, in id order
   */
  List<GuestInfo> guests();

  /**
   * Opens a channel to a guest; the guest finds it by name with
   * {@link HypercallAbi#CHANNEL_OPEN}.
   *
   * @param guest a guest of this VMM, not stopped or destroyed
   * @param name the name, unique among the guest's open channels
   * @param capacity bytes buffered in each direction, a power of two from 64 to 2^24
   * @return the host's end
   * @throws IllegalArgumentException if the name is taken or the capacity is out of range
   * @throws IllegalStateException if the guest's heap cannot hold the rings or it has stopped
   */
  HostChannel openChannel(Guest guest, String name, int capacity);

  /**
   * Returns the hypercall dispatcher.
   *
   * @return the dispatcher
   */
  HypercallDispatcher hypercalls();

  /**
   * Returns the table of guest-owned objects.
   *
   * @return the table
   */
  GuestObjects objects();

  /**
   * Returns where guests run.
   *
   * @return the placement
   */
  GuestPlacement placement();

  /**
   * Destroys every guest and joins their threads. Closing twice does nothing.
   */
  @Override
  void close();

  /** Configures a {@link Vmm} built without Dagger. */
  final class Builder {
    private final List<HypercallService> services = new ArrayList<>();
    private GuestPlacement placement = GuestPlacement.inProcess();
    private ModuleLayer pluginLayer;
    private ClassLoader pluginLoader;

    private Builder() {}

    /**
     * Adds a hypercall service beside the built-in ones.
     *
     * @param service the service
     * @return this builder
     */
    public Builder service(HypercallService service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /**
     * Sets where guests run.
     *
     * @param placement the placement
     * @return this builder
     */
    public Builder placement(GuestPlacement placement) {
      this.placement = Objects.requireNonNull(placement, "placement");
      return this;
    }

    /**
     * Looks for plug-ins ({@link GuestExtension}s) in a module layer, by the
     * {@code provides} of its modules, instead of the boot layer.
     *
     * @param layer the layer
     * @return this builder
     */
    public Builder pluginLayer(ModuleLayer layer) {
      this.pluginLayer = Objects.requireNonNull(layer, "layer");
      return this;
    }

    /**
     * Looks for plug-ins through a class loader as well: {@code META-INF/services} on its class
     * path.
     *
     * @param loader the loader
     * @return this builder
     */
    public Builder pluginLoader(ClassLoader loader) {
      this.pluginLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * Builds the VMM.
     *
     * @return the VMM
     * @throws IllegalArgumentException if two services claim one number
     */
    public Vmm build() {
      return dev.vmm.core.internal.VmmFactory.create(
          new dev.vmm.core.internal.VmmSettings(List.copyOf(services), placement,
              pluginLayer, pluginLoader));
    }
  }
}
