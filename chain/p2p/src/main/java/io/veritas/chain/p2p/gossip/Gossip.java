package io.veritas.chain.p2p.gossip;

import io.veritas.chain.p2p.identity.PeerId;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The gossipsub API a node uses. Validators and handlers run on the single gossip thread, in message order; they
 * must be quick (hand heavy work to another executor and return IGNORE/ACCEPT accordingly).
 */
public interface Gossip {
  /** Subscribes with the default topic options (StrictSign unless configured otherwise). */
  void subscribe(String topic, TopicValidator validator, Consumer<GossipMessage> handler);

  void subscribe(String topic, TopicOptions options, TopicValidator validator, Consumer<GossipMessage> handler);

  void unsubscribe(String topic);

  /** Sets the signature policy / id function for a topic we publish to without subscribing. */
  void setTopicOptions(String topic, TopicOptions options);

  /** Publishes; completes with the message id and the number of peers it was sent to. */
  CompletableFuture<GossipRouter.PublishResult> publish(String topic, byte[] data);

  CompletableFuture<Set<PeerId>> meshPeers(String topic);

  /** Connected gossip peers that announced a subscription to {@code topic}. */
  CompletableFuture<Set<PeerId>> topicPeers(String topic);

  CompletableFuture<Double> score(PeerId peer);

  /** Decides whether a received message is delivered and forwarded. */
  @FunctionalInterface
  interface TopicValidator {
    ValidationResult validate(GossipMessage message);

    static TopicValidator acceptAll() {
      return m -> ValidationResult.ACCEPT;
    }
  }
}
