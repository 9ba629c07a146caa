package dev.vmm.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jcstress.Main;
import org.openjdk.jcstress.annotations.JCStressTest;

/**
 * Runs jcstress and exits non-zero unless every jcstress test in this module ran and passed; the
 * build's {@code verify} phase runs this.
 *
 * <p>Run by hand as {@code java -cp target/jcstress.jar dev.vmm.stress.JcstressGate <jcstress
 * options> -r <dir>}; the shaded jar's own main is plain jcstress.
 *
 * <p>jcstress 0.16 alone is not enough of a gate: its {@code Main} does exit with 1 when a test
 * shows a FORBIDDEN or unlisted outcome or errors (it throws an {@code AssertionError} listing
 * them), but it exits with 0 after "FATAL: No matching tests." or "FATAL: No JVM configurations to
 * run with.", having run nothing. So this class
 *
 * <ol>
 *   <li>deletes the report directory ({@code -r}, required) so no earlier run's report can pass
 *       for this one;
 *   <li>runs {@code org.openjdk.jcstress.Main} in this JVM with the arguments given; any throwable
 *       from it (the failure report) fails the gate;
 *   <li>then reads the HTML report: every class here annotated {@link JCStressTest} (restricted by
 *       {@code -t} the way jcstress restricts it) must have its page, the index must show a pass
 *       rate of {@code n/n} with {@code n > 0}, and its FAILED and ERROR sections must be empty.
 * </ol>
 */
public final class JcstressGate {
  /** Where this module's classes are, in a directory or jar (the shaded jar holds others too). */
  private static final String PACKAGE_DIR =
      JcstressGate.class.getPackageName().replace('.', '/') + "/";
  private static final Pattern PASS_RATE = Pattern.compile("Overall pass rate: (\\d+)/(\\d+)");

  private JcstressGate() {}

  /**
   * Runs the gate.
   *
   * @param args jcstress arguments; must include {@code -r <report directory>}
   * @throws Exception when the report cannot be read
   */
  public static void main(String[] args) throws Exception {
    Path report = Path.of(option(args, "-r"));
    String filter = optionOrNull(args, "-t");
    SortedSet<String> expected = jcstressTests(filter == null ? ".*" : filter);
    if (expected.isEmpty()) {
      fail("no @JCStressTest class next to " + JcstressGate.class.getName()
          + (filter == null ? "" : " matches -t " + filter));
    }
    deleteRecursively(report);
    long start = System.nanoTime();

    try {
      Main.main(args);
    } catch (Throwable t) { // jcstress reports failed and erroneous tests by throwing
      System.err.println();
      System.err.println(t);
      fail("jcstress reported failing tests; see the output above and "
          + report.resolve("index.html"));
    }

    List<String> problems = checkReport(report, expected);
    if (!problems.isEmpty()) {
      fail(String.join(System.lineSeparator(), problems));
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    System.out.println("jcstress gate: all " + expected.size() + " tests ran and passed in "
        + seconds + " s: " + expected);
  }

  private static List<String> checkReport(Path report, SortedSet<String> expected)
      throws IOException {
    List<String> problems = new ArrayList<>();
    Path index = report.resolve("index.html");
    if (!Files.isRegularFile(index)) {
      problems.add("no report at " + index + ": jcstress ran no tests (see its FATAL line above)");
      return problems;
    }
    for (String test : expected) {
      if (!Files.isRegularFile(report.resolve(test + ".html"))) {
        problems.add("test did not run (no " + test + ".html in the report): " + test);
      }
    }
    String text = Files.readString(index).replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ");
    Matcher rate = PASS_RATE.matcher(text);
    if (!rate.find()) {
      problems.add("no \"Overall pass rate\" in " + index);
    } else if (!rate.group(1).equals(rate.group(2)) || Integer.parseInt(rate.group(2)) == 0) {
      problems.add("jcstress pass rate " + rate.group(1) + "/" + rate.group(2) + ", see " + index);
    }
    // Each section lists its tests, or says "None!", up to the next section's heading.
    List<String> sections = List.of("FAILED tests", "ERROR tests", "INTERESTING tests");
    for (int i = 0; i < 2; i++) {
      int start = text.indexOf(sections.get(i));
      int end = text.indexOf(sections.get(i + 1));
      if (start < 0 || end < start) {
        problems.add("no \"" + sections.get(i) + "\" section in " + index);
      } else if (!text.substring(start, end).contains("None!")) {
        problems.add("the report lists " + sections.get(i) + ", see " + index);
      }
    }
    return problems;
  }

  /** The classes annotated {@link JCStressTest} in this class's jar or directory. */
  private static SortedSet<String> jcstressTests(String filter)
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path location = Path.of(JcstressGate.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    SortedSet<String> tests = new TreeSet<>();
    Pattern selector = Pattern.compile(filter);
    if (Files.isDirectory(location)) {
      collect(location, selector, tests);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(location, Map.of())) {
        collect(jar.getPath("/"), selector, tests);
      }
    }
    return tests;
  }

  private static void collect(Path root, Pattern selector, SortedSet<String> tests)
      throws IOException, ClassNotFoundException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.map(file -> root.relativize(file).toString().replace('\\', '/'))
          .filter(name -> name.startsWith(PACKAGE_DIR) && name.endsWith(".class"))
          .filter(name -> !name.contains("$") && !name.contains("-")) // nested, package-info
          .forEach(name -> names.add(
              name.substring(0, name.length() - ".class".length()).replace('/', '.')));
    }
    ClassLoader loader = JcstressGate.class.getClassLoader();
    for (String name : names) {
      Class<?> type = Class.forName(name, false, loader);
      if (type.isAnnotationPresent(JCStressTest.class) && selector.matcher(name).find()) {
        tests.add(name);
      }
    }
  }

  private static String option(String[] args, String name) {
    String value = optionOrNull(args, name);
    if (value == null) {
      fail("usage: JcstressGate <jcstress options> -r <report directory>: " + name
          + " is required");
    }
    return value;
  }

  private static String optionOrNull(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void fail(String message) {
    System.err.println();
    System.err.println("jcstress gate FAILED: " + message);
    System.exit(1);
  }
}
