package dev.pylayer.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What jackson-databind would cost pylayer-runtime on a cold start, compared with its own small
 * codec: runs {@link JsonColdStart} in {@code bench.runs} (default 15) fresh JVMs per mode and
 * prints the medians of first-use time, classes loaded and whole-JVM wall time.
 */
public final class JsonColdStartBench {
  private JsonColdStartBench() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("bench.runs", 15);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    System.out.printf(Locale.ROOT, "java %s, %d fresh JVMs per mode (-XX:TieredStopAtLevel=1, as Lambda's Java runtimes set by default)%n",
        System.getProperty("java.version"), runs);
    System.out.println("mode      first use us   classes loaded   JVM wall ms");
    for (String mode : List.of("none", "pylayer", "jackson")) {
      long[] micros = new long[runs];
      long[] classes = new long[runs];
      long[] wall = new long[runs];
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", classpath, JsonColdStart.class.getName(), mode)
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("JsonColdStart " + mode + " failed: " + out);
        }
        wall[i] = (System.nanoTime() - t0) / 1_000_000;
        String[] fields = out.substring(out.lastIndexOf('\n') + 1).split(" ");
        micros[i] = Long.parseLong(fields[1]);
        classes[i] = Long.parseLong(fields[2]);
      }
      System.out.printf(Locale.ROOT, "%-9s %12d %16d %13d%n", mode, median(micros), median(classes), median(wall));
    }
    System.out.println("jar sizes: " + jarSizes(classpath));
  }

  private static long median(long[] values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  private static String jarSizes(String classpath) {
    List<String> out = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      File f = new File(entry);
      String name = f.getName();
      if (name.startsWith("jackson-databind") || name.startsWith("jackson-core") || name.startsWith("jackson-annotations")
          || name.startsWith("pylayer-runtime")) {
        out.add(name + " " + f.length() / 1024 + " KiB");
      }
    }
    return out.isEmpty() ? "(run with the module jars on the class path to list them)" : String.join(", ", out);
  }
}
