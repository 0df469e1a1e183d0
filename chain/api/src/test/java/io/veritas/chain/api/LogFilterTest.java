package io.veritas.chain.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class LogFilterTest {
  private static final Address MODULE = Address.fromLong(0x2000);
  private static final Address OTHER = Address.fromLong(0x3000);
  private static final Bytes32 T0 = Bytes32.fromHexString("0x01");
  private static final Bytes32 T1 = Bytes32.fromHexString("0x02");
  private static final Bytes32 T2 = Bytes32.fromHexString("0x03");
  private static final Log LOG = new Log(MODULE, List.of(T0, T1), Bytes.EMPTY);

  private static LogFilter filter(Set<Address> addresses, List<List<Bytes32>> topics) {
    return new LogFilter(Optional.empty(), Optional.empty(), Optional.empty(), addresses, topics);
  }

  @Test
  void matchesByAddressAndTopicPositions() {
    assertTrue(filter(Set.of(), List.of()).matches(LOG));
    assertTrue(filter(Set.of(MODULE, OTHER), List.of()).matches(LOG));
    assertFalse(filter(Set.of(OTHER), List.of()).matches(LOG));
    assertTrue(filter(Set.of(), List.of(List.of(T0))).matches(LOG));
    assertTrue(filter(Set.of(), List.of(List.of(), List.of(T2, T1))).matches(LOG), "wildcard then any-of");
    assertFalse(filter(Set.of(), List.of(List.of(T1))).matches(LOG), "topics are positional");
    assertFalse(filter(Set.of(), List.of(List.of(), List.of(), List.of(T2))).matches(LOG), "the log has no third topic");
  }

  @Test
  void bloomCheckNeverRulesOutAMatchingBlock() {
    LogsBloom bloom = LogsBloom.of(List.of(LOG));
    assertTrue(filter(Set.of(MODULE), List.of(List.of(T0), List.of(T1))).mayMatch(bloom));
    assertFalse(filter(Set.of(OTHER), List.of()).mayMatch(LogsBloom.EMPTY));
  }

  @Test
  void parsesSingleValuesArraysAndNulls() throws Exception {
    var json = new ObjectMapper().readTree("""
        {"address": "0x0000000000000000000000000000000000002000",
         "topics": [null, ["0x0000000000000000000000000000000000000000000000000000000000000002"]],
         "fromBlock": "0x1", "toBlock": "latest"}""");
    LogFilter f = LogFilter.parse(null, json, "filter");
    assertEquals(Optional.of(1L), f.fromBlock());
    assertEquals(Optional.empty(), f.toBlock(), "latest follows the head");
    assertEquals(Set.of(MODULE), f.addresses());
    assertEquals(List.of(List.of(), List.of(T1)), f.topics());
  }

  @Test
  void rejectsBlockHashWithARange() throws Exception {
    var json = new ObjectMapper().readTree("""
        {"blockHash": "0x0000000000000000000000000000000000000000000000000000000000000002", "fromBlock": "0x1"}""");
    var e = assertThrows(JsonRpcException.class, () -> LogFilter.parse(null, json, "filter"));
    assertEquals(JsonRpcException.INVALID_PARAMS, e.code());
    assertTrue(e.getMessage().contains("blockHash cannot be combined with fromBlock/toBlock"), e.getMessage());
  }

  @Test
  void rejectsMoreThanFourTopicPositions() throws Exception {
    var json = new ObjectMapper().readTree("{\"topics\": [null, null, null, null, null]}");
    var e = assertThrows(JsonRpcException.class, () -> LogFilter.parse(null, json, "filter"));
    assertTrue(e.getMessage().contains("filter.topics must be an array of at most 4 positions"), e.getMessage());
  }
}
