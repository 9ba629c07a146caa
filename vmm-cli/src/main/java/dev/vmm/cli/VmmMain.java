package dev.vmm.cli;

import dev.vmm.cli.internal.VmmCommand;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code vmm} command: {@code java -jar vmm.jar [command] [options]}. */
public final class VmmMain {
  private VmmMain() {}

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the command line, for example {@code run prog.elf arg1}
   */
  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command line without exiting, writing to the given streams; what tests and embedding
   * hosts call.
   *
   * @param out where normal output goes
   * @param err where errors and usage help on bad input go
   * @param args the command line
   * @return the exit code: 0 on success, 2 on a usage error, otherwise what the command returned
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new VmmCommand()).setOut(out).setErr(err).execute(args);
  }
}
