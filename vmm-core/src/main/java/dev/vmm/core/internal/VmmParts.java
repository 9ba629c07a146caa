package dev.vmm.core.internal;

import dev.vmm.core.GuestPlacement;
import dev.vmm.core.HypercallDispatcher;

/**
 * What every guest of one VMM shares.
 *
 * @param placement where hart loops run
 * @param objects the handle table with its owner checks
 * @param catalog the plug-ins on offer
 * @param dispatcher the hypercall dispatcher
 * @param clock tells guests their creation time
 * @param callbacks completes channels' asynchronous waits
 */
record VmmParts(GuestPlacement placement, ObjectTable objects, PluginCatalog catalog,
    HypercallDispatcher dispatcher, java.time.Clock clock,
    java.util.concurrent.Executor callbacks) {}
