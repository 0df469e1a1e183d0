package io.veritas.testnet.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DevnetProcessTest {
  @Test
  void agentsAndRecordingsOfTheBenchmarkAreNotPassedToTheNode() {
    assertTrue(DevnetProcess.isAgentOption("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"));
    assertTrue(DevnetProcess.isAgentOption("-javaagent:/opt/agent.jar"));
    assertTrue(DevnetProcess.isAgentOption("-XX:StartFlightRecording=filename=/tmp/x.jfr"));
  }

  @Test
  void launcherFlagsArePassedToTheNode() {
    assertFalse(DevnetProcess.isAgentOption("--add-modules=jdk.incubator.vector"));
    assertFalse(DevnetProcess.isAgentOption("-XX:+UseG1GC"));
    assertFalse(DevnetProcess.isAgentOption("-Xmx2g"));
  }
}
