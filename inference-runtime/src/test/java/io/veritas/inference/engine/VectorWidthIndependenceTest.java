package io.veritas.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.inference.gguf.GgmlType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-CPU determinism: JVMs limited to 128-bit and 256-bit vector registers (-XX:MaxVectorSize=16 / 32, as on
 * NEON or AVX2 machines) compute the same trace roots as this JVM, which uses the widest registers the CPU has.
 */
class VectorWidthIndependenceTest {
  @TempDir Path dir;

  @Test
  void narrowerVectorRegistersGiveTheSameTraceRoots() throws Exception {
    Map<GgmlType, String> here = TraceRoots.compute(dir);
    for (int maxVectorSize : new int[] {16, 32}) {
      assertEquals(format(here), format(runChild(maxVectorSize)), "-XX:MaxVectorSize=" + maxVectorSize);
    }
  }

  private static String format(Map<GgmlType, String> roots) {
    StringBuilder sb = new StringBuilder();
    roots.forEach((t, r) -> sb.append(t).append(' ').append(r).append('\n'));
    return sb.toString();
  }

  private static Map<GgmlType, String> runChild(int maxVectorSize) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:MaxVectorSize=" + maxVectorSize,
        "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), TraceRoots.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM with MaxVectorSize=" + maxVectorSize + " did not finish in 120 s");
    }
    assertEquals(0, p.exitValue(), "child JVM failed: " + out);
    Map<GgmlType, String> roots = new LinkedHashMap<>();
    for (String line : out.strip().split("\n")) {
      String[] parts = line.split(" ");
      roots.put(GgmlType.valueOf(parts[0]), parts[1]);
    }
    return roots;
  }
}
