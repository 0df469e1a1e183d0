package io.veritas.chain.rpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates HTTP requests up to the body limit. An oversized request is not answered here (Netty would send
 * a bare 413) but handed on as {@link OversizedRequest}, so the router answers it in pipelined order with a
 * JSON-RPC error body naming the limit.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

  BodyLimitAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
    if (oversized instanceof HttpRequest request) {
      // As Netty's own handling: only a declared Content-Length lets the rest of the body be skipped cleanly.
      boolean keepAlive = HttpUtil.isKeepAlive(request) && HttpUtil.isContentLengthSet(request)
          && !HttpUtil.isTransferEncodingChunked(request);
      ctx.fireChannelRead(new OversizedRequest(maxContentLength(), keepAlive));
    } else {
      super.handleOversizedMessage(ctx, oversized);
    }
  }
}
