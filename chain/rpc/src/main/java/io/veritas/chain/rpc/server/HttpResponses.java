package io.veritas.chain.rpc.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builders of the server's complete HTTP responses; each sets its Content-Length. */
final class HttpResponses {

  static final String JSON = "application/json";
  private static final byte[] STATUS_UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STATUS_DOWN = "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.US_ASCII);

  private HttpResponses() {}

  static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
    return body(status, body, JSON, false);
  }

  static FullHttpResponse text(HttpResponseStatus status, String message) {
    return body(status, (message + "\n").getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", false);
  }

  static FullHttpResponse health(boolean up, boolean head) {
    HttpResponseStatus status = up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
    return body(status, up ? STATUS_UP : STATUS_DOWN, JSON, head);
  }

  /** A body response; for HEAD the headers describe the body but none is sent (RFC 9110 section 9.3.2). */
  static FullHttpResponse body(HttpResponseStatus status, byte[] body, String contentType, boolean head) {
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, status, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set("X-Content-Type-Options", "nosniff");
    return response;
  }

  static FullHttpResponse empty(HttpResponseStatus status) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    if (status.code() != HttpResponseStatus.NO_CONTENT.code()) {
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
    }
    return response;
  }

  static FullHttpResponse redirect(String location) {
    FullHttpResponse response = empty(HttpResponseStatus.MOVED_PERMANENTLY);
    response.headers().set(HttpHeaderNames.LOCATION, location);
    return response;
  }
}
