package io.veritas.market.worker;

import io.veritas.inference.engine.InferenceEngine;
import io.veritas.inference.engine.LoadedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The models this node serves and replays, by on-chain model id (sha256 of the GGUF file), each with one engine.
 * Engines run one request at a time, so providers and verifiers of one node share them in turn.
 */
public final class ModelCatalog implements AutoCloseable {
  private final Map<Bytes32, Entry> entries = new LinkedHashMap<>();

  /** A served model: the file's tokenizer and the engine running it. */
  public record Entry(Bytes32 id, LoadedModel model, InferenceEngine engine) {}

  public ModelCatalog(List<LoadedModel> models, int threads) {
    for (LoadedModel m : models) {
      Bytes32 id = Bytes32.fromHexString(m.modelId());
      entries.putIfAbsent(id, new Entry(id, m, InferenceEngine.of(m, threads)));
    }
  }

  public Optional<Entry> get(Bytes32 modelId) {
    return Optional.ofNullable(entries.get(modelId));
  }

  public List<Bytes32> ids() {
    return List.copyOf(entries.keySet());
  }

  @Override
  public void close() {
    for (Entry e : entries.values()) {
      e.engine().close();
      e.model().close();
    }
  }
}
