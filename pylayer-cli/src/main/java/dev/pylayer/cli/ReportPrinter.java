package dev.pylayer.cli;

import dev.pylayer.pipeline.LayerReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A layer report as a table for people (the same data as report.json). */
final class ReportPrinter {

  private static final int MAX_PACKAGES = 25;

  private ReportPrinter() {}

  static void print(LayerReport report, String path, PrintStream out) {
    out.println(path);
    String budget = report.budgetBytes() == null ? ""
        : String.format("   (budget %s, %.0f%% used)", mb(report.budgetBytes()),
            100.0 * report.zipBytes() / report.budgetBytes());
    row(out, "zip", mb(report.zipBytes()) + "  " + String.format("%,d bytes", report.zipBytes())
        + budget);
    row(out, "unzipped", mb(report.unzippedBytes()) + "  in " + String.format("%,d", report.files())
        + " files");
    row(out, "sha256", report.sha256());
    if (report.arch() != null || report.layout() != null) {
      row(out, "target", (report.arch() == null ? "?" : report.arch()) + ", " + report.layout()
          + " layout");
    }
    if (report.python() != null) {
      LayerReport.Python python = report.python();
      row(out, "python", python.version()
          + (python.release() == null ? "" : " (python-build-standalone " + python.release() + ")"));
    }
    if (report.bytecode() != null) {
      row(out, "bytecode", String.format("%,d files, %s, %.1f s", report.bytecode().files(),
          mb(report.bytecode().bytes()), report.bytecode().seconds()));
    }
    if (report.smoke() != null) {
      LayerReport.Smoke smoke = report.smoke();
      row(out, "smoke", smoke.ran()
          ? (smoke.ok() ? "ok" : "FAILED") + String.format(" in %.2f s", smoke.seconds())
              + (smoke.emulator() == null ? "" : " under " + smoke.emulator())
          : "not run: " + smoke.skipped());
      if (smoke.importTime() != null) {
        dev.pylayer.verify.ImportTimeProfile profile = smoke.importTime();
        out.printf("  %-10s %.0f ms in %d modules (-X importtime, smoke code); largest own times:%n",
            "imports", profile.totalMs(), profile.modules());
        profile.top().stream().limit(5).forEach(e -> out.printf("    %-44s %6.0f ms%n",
            e.module(), e.selfMs()));
      }
    }
    if (report.buildSeconds() != null) {
      row(out, "build", String.format("%.1f s", report.buildSeconds()));
    }
    if (report.packages() != null && !report.packages().isEmpty()) {
      List<LayerReport.Package> packages = new ArrayList<>(report.packages());
      packages.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
      long total = packages.stream().mapToLong(LayerReport.Package::bytes).sum();
      out.printf("  %-10s %d, %s (largest first)%n", "packages", packages.size(), mb(total));
      for (int i = 0; i < Math.min(MAX_PACKAGES, packages.size()); i++) {
        LayerReport.Package p = packages.get(i);
        out.printf("    %-34s %-12s %10s%s%n", p.name(), p.version(), mb(p.bytes()),
            p.location() == null ? "" : "  (" + p.location() + ")");
      }
      if (packages.size() > MAX_PACKAGES) {
        out.printf("    ... %d more in report.json%n", packages.size() - MAX_PACKAGES);
      }
    }
    printRules(out, "stripped", report.stripped());
    if (report.optimize() != null) {
      row(out, "optimize", report.optimize());
    }
    printRules(out, "pruned", report.pruned());
    if (report.nativeStrip() != null && report.nativeStrip().tool() != null) {
      out.printf("  %-10s %s saved on %d ELF files (%s)%n", "native", mb(report.nativeStrip()
          .bytes()), report.nativeStrip().files(), report.nativeStrip().tool());
    }
    if (report.trace() != null && !report.trace().dropped().isEmpty()) {
      long total = report.trace().dropped().stream()
          .mapToLong(LayerReport.TraceItem::bytes).sum();
      out.printf("  %-10s %s: %d distributions nothing imports%n", "traced", mb(total),
          report.trace().dropped().size());
      for (LayerReport.TraceItem item : report.trace().dropped()) {
        out.printf("    %-34s %23s%n", item.name(), mb(item.bytes()));
      }
    }
    if (report.trace() != null && report.trace().providers() != null) {
      LayerReport.Providers providers = report.trace().providers();
      out.printf("  %-10s %s removed: litellm %s keeps %s; %d others pruned (%d of their files"
          + " stay, used)%n", "providers", mb(providers.bytes()), providers.litellm(),
          String.join(", ", providers.kept()), providers.pruned().size(), providers.keptFiles());
      providers.dropped().stream().limit(8).forEach(item ->
          out.printf("    %-34s %23s%n", item.name(), mb(item.bytes())));
      for (LayerReport.StandIn standIn : providers.standIns()) {
        out.printf("  %-10s %s removed: %s %s replaced by a module that raises on use (only %s"
            + " use it; --keep %s keeps it)%n", "stand-in", mb(standIn.bytes()),
            standIn.distribution(), standIn.version(), String.join(", ", standIn.providers()),
            standIn.distribution());
      }
    }
    if (report.warnings() != null) {
      report.warnings().forEach(w -> out.println("  warning: " + w));
    }
  }

  private static void printRules(PrintStream out, String label,
      List<LayerReport.Stripped> rules) {
    if (rules != null && !rules.isEmpty()) {
      long total = rules.stream().mapToLong(LayerReport.Stripped::bytes).sum();
      out.printf("  %-10s %s removed%n", label, mb(total));
      List<LayerReport.Stripped> stripped = new ArrayList<>(rules);
      stripped.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
      for (LayerReport.Stripped s : stripped) {
        if (s.bytes() > 0) {
          out.printf("    %-34s %23s%n", s.rule(), mb(s.bytes()));
        }
      }
    }
  }

  private static void row(PrintStream out, String label, String value) {
    out.printf("  %-10s %s%n", label, value);
  }

  static String mb(long bytes) {
    return String.format("%.2f MB", bytes / 1_000_000.0);
  }
}
