package dev.vmm.core.internal;

import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import jakarta.inject.Inject;
import java.io.IOException;

/** {@link HypercallAbi#CONSOLE_WRITE}: bytes to the guest's console stream. */
final class ConsoleService implements HypercallService {
  private static final System.Logger LOG = System.getLogger(ConsoleService.class.getName());

  @Inject
  ConsoleService() {}

  @Override
  public String name() {
    return "console";
  }

  @Override
  public void register(HypercallRegistrar registrar) {
    registrar.register(HypercallAbi.CONSOLE_WRITE, "write", ConsoleService::write);
  }

  private static long write(HypercallContext context, long buffer, long length, long a2, long a3,
      long a4, long a5) {
    byte[] bytes = context.read(buffer, length);
    GuestImpl guest = (GuestImpl) context.guest();
    try {
      guest.config().stderr().write(bytes);
      guest.config().stderr().flush();
    } catch (IOException e) {
      // The console is the host's; a failing one loses the guest's text, not the guest.
      LOG.log(System.Logger.Level.WARNING, "console of guest '" + guest.name() + "' failed", e);
    }
    return bytes.length;
  }
}
