package io.veritas.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
  @Test
  void readsVmHwmInKib() {
    String status = "Name:\tjava\nVmPeak:\t 9047252 kB\nVmHWM:\t  153904 kB\nVmRSS:\t  150000 kB\n";
    assertEquals(OptionalLong.of(153_904), ProcessMemory.parseVmHwmKiB(status));
  }

  @Test
  void statusWithoutVmHwmGivesEmpty() {
    assertEquals(OptionalLong.empty(), ProcessMemory.parseVmHwmKiB("Name:\tkthreadd\nState:\tS (sleeping)\n"));
  }

  @Test
  void rejectsAVmHwmLineInAnotherUnit() {
    assertThrows(IllegalArgumentException.class, () -> ProcessMemory.parseVmHwmKiB("VmHWM:\t 12 MB\n"));
  }

  @Test
  void memTotalIsShownInGib() {
    assertEquals("23.4 GiB", MachineDescription.formatMemTotal("MemTotal:       24536524 kB\nMemFree: 1 kB\n"));
  }

  @Test
  void readsThisProcessPeakRssOnLinux() {
    OptionalLong kib = ProcessMemory.peakRssKiB(ProcessHandle.current().pid());
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertTrue(kib.isPresent() && kib.getAsLong() > 1024, "a JVM's peak RSS is over 1 MiB, got " + kib);
    }
  }

  @Test
  void loadAverageIsTheFirstFieldOfProcLoadavg() {
    assertEquals(10.02, ProcessCpu.parseLoadAverage1m("10.02 8.58 4.74 3/412 28725\n"));
  }
}
