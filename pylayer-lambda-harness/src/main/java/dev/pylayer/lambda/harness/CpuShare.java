package dev.pylayer.lambda.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The CPU Lambda gives a function for its memory, as a cgroup CPU quota on the function's process
 * tree: 1,769 MB is one vCPU, and CPU scales in proportion (1,024 MB: 0.58 of one). The JVM and the
 * Python worker it starts share that quota, as they do in Lambda, so a cold start measured with it
 * shows what the JVM's own init takes from {@code import litellm}.
 *
 * <p>Needs root and a cgroup CPU controller (v1 {@code /sys/fs/cgroup/cpu} or v2 with {@code cpu}
 * enabled); {@link #create} returns empty elsewhere.
 */
final class CpuShare implements AutoCloseable {

  /** The memory at which Lambda gives one full vCPU. */
  static final int MB_PER_VCPU = 1769;
  private static final long PERIOD_US = 100_000;
  private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");
  private static final Path V2 = Path.of("/sys/fs/cgroup");

  private final Path group;
  private final double vcpus;

  private CpuShare(Path group, double vcpus) {
    this.group = group;
    this.vcpus = vcpus;
  }

  /** A new cgroup limited to {@code memoryMb}'s share of CPU, or empty where none can be made. */
  static Optional<CpuShare> create(int memoryMb) {
    long quota = quotaMicros(memoryMb);
    String name = "pylayer-lambda-" + UUID.randomUUID();
    Path group = null;
    try {
      if (Files.isWritable(V1.resolve("cgroup.procs")) && Files.exists(V1.resolve("cpu.cfs_quota_us"))) {
        group = Files.createDirectory(V1.resolve(name));
        Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
        Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        return Optional.of(new CpuShare(group, quota / (double) PERIOD_US));
      }
      Path controllers = V2.resolve("cgroup.subtree_control");
      if (Files.isWritable(controllers) && Files.readString(controllers).contains("cpu")) {
        group = Files.createDirectory(V2.resolve(name));
        Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_US);
        return Optional.of(new CpuShare(group, quota / (double) PERIOD_US));
      }
    } catch (IOException | SecurityException e) {
      // No permission or no controller: the function runs unlimited, and says so.
      if (group != null) {
        new CpuShare(group, 0).close();
      }
    }
    return Optional.empty();
  }

  /** The quota per 100 ms period for {@code memoryMb}: its share of one vCPU, at least 1 ms. */
  static long quotaMicros(int memoryMb) {
    return Math.max(1_000, Math.round(PERIOD_US * (double) memoryMb / MB_PER_VCPU));
  }

  /** {@code command} started inside the group: a shell joins it, then becomes the command. */
  List<String> wrap(List<String> command) {
    List<String> out = new ArrayList<>(List.of("sh", "-c",
        "echo $$ > \"$1/cgroup.procs\" && shift && exec \"$@\"", "sh", group.toString()));
    out.addAll(command);
    return out;
  }

  /** The group's directory. */
  Path group() {
    return group;
  }

  /** The limit in words, e.g. "0.58 vCPU (cgroup CPU quota)". */
  String describe() {
    return String.format("%.2f vCPU (cgroup CPU quota)", vcpus);
  }

  /** Removes the group; its processes must have exited (the kernel refuses otherwise). */
  @Override
  public void close() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        Files.deleteIfExists(group);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(20); // the last process may still be exiting
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
