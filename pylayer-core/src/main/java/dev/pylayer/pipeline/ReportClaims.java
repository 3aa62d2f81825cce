package dev.pylayer.pipeline;

import dev.pylayer.verify.LayerClaims;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a {@link LayerReport} claims, in the form {@link dev.pylayer.verify.LayerVerifier} checks. */
public final class ReportClaims {

  private ReportClaims() {}

  public static LayerClaims of(LayerReport report) {
    Map<String, String> packages = new LinkedHashMap<>();
    if (report.packages() != null) {
      for (LayerReport.Package p : report.packages()) {
        packages.put(p.name(), ZipLayout.ZIP_NAME.equals(p.location())
            ? LayerClaims.IN_ZIP : LayerClaims.IN_DIRECTORY);
      }
    }
    List<String> dropped = new ArrayList<>();
    if (report.trace() != null && report.trace().dropped() != null) {
      report.trace().dropped().forEach(d -> dropped.add(d.name()));
    }
    Map<String, List<String>> standIns = new LinkedHashMap<>();
    if (report.trace() != null && report.trace().providers() != null
        && report.trace().providers().standIns() != null) {
      report.trace().providers().standIns().forEach(s -> standIns.put(s.distribution(),
          s.modules()));
    }
    return new LayerClaims(report.arch(), report.layout(),
        report.python() == null ? null : report.python().version(), report.sha256(),
        report.zipBytes(), report.unzippedBytes(), packages, dropped, standIns);
  }
}
