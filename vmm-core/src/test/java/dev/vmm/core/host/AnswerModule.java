package dev.vmm.core.host;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;

/** Contributes one service to the VMM's set, as vmm-update's module does. */
@Module
interface AnswerModule {
  long NUMBER = HypercallAbi.BASE + 0x842;

  @Provides
  @IntoSet
  static HypercallService answer() {
    return new HypercallService() {
      @Override
      public String name() {
        return "answer";
      }

      @Override
      public void register(HypercallRegistrar registrar) {
        registrar.register(NUMBER, "answer", (context, a0, a1, a2, a3, a4, a5) -> 42 + a0);
      }
    };
  }
}
