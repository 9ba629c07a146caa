package dev.vmm.cli.internal;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command talks through: the process's own in {@code main}, captured ones in tests.
 * Byte streams, because a guest program's output must reach the terminal byte for byte.
 *
 * @param in what a guest program reads as its standard input
 * @param out standard output
 * @param err standard error: reports, warnings, statistics
 */
public record Console(InputStream in, PrintStream out, PrintStream err) {}
