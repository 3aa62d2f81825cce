package dev.pylayer.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** Every finding of one {@code pylayer doctor} run, as text or JSON. */
public record DoctorReport(List<Finding> findings) {

  public DoctorReport {
    findings = List.copyOf(findings);
  }

  /** Whether a default build can run here: no finding is {@link Finding.Status#FAIL}. */
  public boolean canBuild() {
    return findings.stream().noneMatch(f -> f.status() == Finding.Status.FAIL);
  }

  /** One line per finding ({@code ok}, {@code warn}, {@code FAIL}), its fix indented below. */
  public String toText() {
    StringBuilder text = new StringBuilder();
    for (Finding f : findings) {
      String mark = switch (f.status()) {
        case OK -> "ok  ";
        case WARN -> "warn";
        case FAIL -> "FAIL";
      };
      text.append(String.format(Locale.ROOT, "%s %-16s %s%n", mark, f.check(), f.summary()));
      if (!f.fix().isEmpty()) {
        text.append(String.format(Locale.ROOT, "     %-16s fix: %s%n", "", f.fix()));
      }
    }
    text.append(canBuild() ? "a default build can run on this machine"
        : "a default build cannot run on this machine until the FAIL lines are fixed");
    text.append(System.lineSeparator());
    return text.toString();
  }

  /** {@code {"can_build": bool, "findings": [{"check", "status", "summary", "fix"}]}}. */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("can_build", canBuild());
    ArrayNode list = root.putArray("findings");
    for (Finding f : findings) {
      ObjectNode node = list.addObject();
      node.put("check", f.check());
      node.put("status", f.status().name().toLowerCase(Locale.ROOT));
      node.put("summary", f.summary());
      node.put("fix", f.fix());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
