package io.veritas.consensus.service;

/** How a {@link ConsensusService} reaches the other validators: gossip to all (best effort, may drop). */
public interface ConsensusNetwork {

    void broadcast(ConsensusMessage message);
}
