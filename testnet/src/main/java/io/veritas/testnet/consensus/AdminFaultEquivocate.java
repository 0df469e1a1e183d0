package io.veritas.testnet.consensus;

import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code admin_faultEquivocate} — <b>testing only</b> (the admin namespace answers local callers only): params
 * {@code [true]} makes this validator sign a conflicting twin of every vote it sends ({@link FaultEquivocation}), so
 * peers find double-sign evidence and the staking module slashes it; {@code [false]} stops. Returns the new setting.
 */
public final class AdminFaultEquivocate implements JsonRpcMethod {
  private static final Logger LOG = LoggerFactory.getLogger(AdminFaultEquivocate.class);
  private final FaultEquivocation fault;

  public AdminFaultEquivocate(FaultEquivocation fault) {
    this.fault = fault;
  }

  @Override
  public String name() {
    return "admin_faultEquivocate";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(1);
    boolean equivocate = ctx.paramReader().bool(0, "equivocate");
    fault.set(equivocate);
    LOG.warn("admin_faultEquivocate (testing only): this validator {} double-signs its votes", equivocate ? "now" : "no longer");
    return equivocate;
  }
}
