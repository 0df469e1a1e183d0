package io.veritas.testnet.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChildCliTest {
  @Test
  void agentsAndRecordingsOfTheBenchmarkAreNotPassedToTheNode() {
    assertTrue(ChildCli.isAgentOption("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"));
    assertTrue(ChildCli.isAgentOption("-javaagent:/opt/agent.jar"));
    assertTrue(ChildCli.isAgentOption("-XX:StartFlightRecording=filename=/tmp/x.jfr"));
  }

  @Test
  void launcherFlagsArePassedToTheNode() {
    assertFalse(ChildCli.isAgentOption("--add-modules=jdk.incubator.vector"));
    assertFalse(ChildCli.isAgentOption("-XX:+UseG1GC"));
    assertFalse(ChildCli.isAgentOption("-Xmx2g"));
  }
}
