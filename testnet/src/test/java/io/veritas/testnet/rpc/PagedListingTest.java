package io.veritas.testnet.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PagedListingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonRpcRequestContext call(String params) throws Exception {
    return new JsonRpcRequestContext("veritas_listJobs", JsonNodeFactory.instance.numberNode(1), JSON.readTree(params), JSON, null, true, null);
  }

  @Test
  void pagesNewestFirstItemsAndCountsEveryMatch() throws Exception {
    PagedListing listing = PagedListing.parse(call("[{\"page\": 1, \"pageSize\": \"0x2\"}]"), Set.of("client"));
    int[] rendered = {0};
    for (int i = 9; i >= 1; i--) {
      int id = i;
      listing.offer(() -> {
        rendered[0]++;
        return JsonNodeFactory.instance.numberNode(id);
      });
    }
    assertEquals("{\"jobs\":[7,6],\"total\":9,\"page\":1,\"pageSize\":2,\"jobCount\":\"0x9\"}",
        listing.result("jobs", "jobCount", "0x9").toString());
    assertEquals(2, rendered[0], "only the requested page is rendered");
  }

  @Test
  void defaultsToTheFirstPageOfTwentyWithoutAFilter() throws Exception {
    PagedListing listing = PagedListing.parse(call("[]"), Set.of("client"));
    assertEquals("{\"jobs\":[],\"total\":0,\"page\":0,\"pageSize\":20,\"jobCount\":\"0x0\"}", listing.result("jobs", "jobCount", "0x0").toString());
  }

  @Test
  void rejectsUnknownFieldsAndPageSizesOutsideTheLimit() throws Exception {
    JsonRpcException unknown = assertThrows(JsonRpcException.class, () -> PagedListing.parse(call("[{\"colour\": 1}]"), Set.of("client", "status")));
    assertEquals("invalid params: filter.colour: unknown field (known: client, page, pageSize, status)", unknown.getMessage());
    JsonRpcException big = assertThrows(JsonRpcException.class, () -> PagedListing.parse(call("[{\"pageSize\": 101}]"), Set.of()));
    assertEquals("invalid params: filter.pageSize: must be in 1..100, got 101", big.getMessage());
    JsonRpcException text = assertThrows(JsonRpcException.class, () -> PagedListing.parse(call("[{\"page\": \"two\"}]"), Set.of()));
    assertEquals("invalid params: filter.page: must be a number, got \"two\"", text.getMessage());
    JsonRpcException address = assertThrows(JsonRpcException.class,
        () -> PagedListing.parse(call("[{\"client\": \"0x12\"}]"), Set.of("client")).address("client"));
    assertEquals(JsonRpcException.INVALID_PARAMS, address.code());
  }
}
