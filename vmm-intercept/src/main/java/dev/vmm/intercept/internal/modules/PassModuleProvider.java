package dev.vmm.intercept.internal.modules;

import dev.vmm.intercept.FlowContext;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.GuestModuleProvider;
import dev.vmm.intercept.Verdict;
import java.nio.ByteBuffer;
import java.util.Map;

/** {@code pass}: lets everything through; measures what interception itself costs. */
public final class PassModuleProvider implements GuestModuleProvider {
  @Override
  public String name() {
    return "pass";
  }

  @Override
  public GuestModule<?> create(Map<String, String> options) {
    Options.requireOnly(options);
    return new GuestModule<Void>() {
      @Override
      public Verdict onChunk(FlowContext<Void> flow, ByteBuffer chunk) {
        return Verdict.pass();
      }
    };
  }
}
