package dev.pylayer.lambda.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuShareTest {

  @Test
  void theQuotaIsTheMemorysShareOfOneVcpu() {
    assertThat(CpuShare.quotaMicros(1769)).isEqualTo(100_000);
    assertThat(CpuShare.quotaMicros(1024)).isEqualTo(57_886);
    assertThat(CpuShare.quotaMicros(3538)).isEqualTo(200_000);
    assertThat(CpuShare.quotaMicros(1)).isEqualTo(1_000);
  }

  @Test
  void theCommandAndWhatItStartsGetOnlyTheirShare() throws Exception {
    Optional<CpuShare> share = CpuShare.create(512); // 0.29 vCPU
    assumeTrue(share.isPresent(), "needs root and a cgroup CPU controller");
    try (CpuShare cpu = share.get()) {
      // The busy loop runs in a child of the command, as the Python worker does of the JVM.
      String child = "python3 -c 'import os, time\n"
          + "end = time.monotonic() + 1.0\n"
          + "while time.monotonic() < end: pass\n"
          + "t = os.times(); print(open(\"/proc/self/cgroup\").read()); print(\"cpu\", t.user + t.system)'";
      Process process = new ProcessBuilder(cpu.wrap(List.of("sh", "-c", child))).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor()).as(output).isZero();

      assertThat(output).contains("/" + cpu.group().getFileName());
      double cpuSeconds = Double.parseDouble(output.substring(output.lastIndexOf("cpu ") + 4).strip());
      assertThat(cpuSeconds).as(output).isLessThan(0.45); // unlimited, a second of busy loop takes ~1.0
    }
    assertThat(share.get().group()).doesNotExist();
  }
}
