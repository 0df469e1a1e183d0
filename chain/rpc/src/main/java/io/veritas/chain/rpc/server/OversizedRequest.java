package io.veritas.chain.rpc.server;

/**
 * Passed down the pipeline instead of a request whose body exceeded {@code limitBytes}; {@code keepAlive}
 * when the connection may stay open (a keep-alive request whose declared body the aggregator drains).
 */
record OversizedRequest(int limitBytes, boolean keepAlive) {}
