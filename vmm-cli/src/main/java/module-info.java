/**
 * The {@code vmm} command line.
 *
 * <p>Start at {@link dev.vmm.cli.VmmMain}: it parses the arguments with picocli and runs the chosen
 * subcommand.
 */
@SuppressWarnings("requires-automatic")
module dev.vmm.cli {
  requires dev.vmm.core;
  requires dev.vmm.riscv;
  requires dagger;
  requires jakarta.inject;
  requires dev.vmm.update;
  requires dev.vmm.intercept;
  requires info.picocli;

  exports dev.vmm.cli;

  // picocli reads the command classes' annotated fields reflectively.
  opens dev.vmm.cli.internal to
      info.picocli;
}
