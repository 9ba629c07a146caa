package dev.vmm.cli;

import dev.vmm.cli.internal.CliComponent;
import dev.vmm.cli.internal.Console;
import dev.vmm.cli.internal.VmmCommand;
import java.io.InputStream;
import java.io.PrintStream;
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
    System.exit(execute(System.in, System.out, System.err, args));
  }

  /**
   * Runs the command line without exiting, on the given streams; what tests and embedding hosts
   * call.
   *
   * @param in what a guest program reads as standard input
   * @param out where normal output and a guest program's standard output go
   * @param err where errors, reports, usage help on bad input and a guest's standard error go
   * @param args the command line
   * @return the exit code: 0 on success, 2 on a usage error, otherwise what the command returned
   *     (for {@code vmm run}, the program's)
   */
  public static int execute(InputStream in, PrintStream out, PrintStream err, String... args) {
    return new CommandLine(new VmmCommand(new Console(in, out, err), CliComponent.create()))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
