package io.veritas.inference.modelgen;

import io.veritas.inference.gguf.GgmlType;
import io.veritas.inference.gguf.GgufValue;
import io.veritas.inference.gguf.GgufWriter;
import io.veritas.inference.gguf.GgufWriter.TensorPayload;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates a Llama-architecture GGUF file from a {@link ModelShape}. The weights come from a documented stream
 * (README, "Default model"), so any implementation can regenerate the same bytes:
 *
 * <ul>
 *   <li>The stream of tensor N is sha256(seed 8 bytes BE ‖ UTF-8(N) ‖ counter 8 bytes BE) for counter = 0, 1, 2, ...,
 *       concatenated.
 *   <li>A matrix with c columns has amplitude a = sqrt(3 / c) (uniform values of variance 1/c); the token embedding
 *       has a = 1.
 *   <li>Q8_0: per block (row-major), d = fp16(a / 127) and the 32 quants are the next 32 stream bytes as signed int8.
 *   <li>Q4_0: d = fp16(a / 8), then the next 16 stream bytes are the packed nibbles as they are stored.
 *   <li>F32 / F16 / BF16: each element takes the next 4 stream bytes as a big-endian uint32 x; the value is
 *       (float) (((x &gt;&gt;&gt; 8) · 2^-23 - 1) · a), then rounded to the tensor's type.
 *   <li>Norm weights are F32 ones.
 * </ul>
 */
public final class SeededModelGenerator {
  private SeededModelGenerator() {}

  public static void write(ModelShape shape, Path path) {
    GgufWriter.write(path, metadata(shape), tensors(shape));
  }

  static Map<String, GgufValue> metadata(ModelShape s) {
    GeneratedVocabulary vocab = GeneratedVocabulary.of(s.vocabSize());
    Map<String, GgufValue> md = new LinkedHashMap<>();
    md.put("general.architecture", GgufValue.string("llama"));
    md.put("general.name", GgufValue.string(s.name()));
    md.put("general.file_type", GgufValue.uint32(fileType(s.matrixType())));
    md.put("general.source.generator", GgufValue.string("veritas seeded model generator v1"));
    md.put("general.source.seed", GgufValue.uint64(s.seed()));
    md.put("llama.context_length", GgufValue.uint32(s.contextLength()));
    md.put("llama.embedding_length", GgufValue.uint32(s.dim()));
    md.put("llama.block_count", GgufValue.uint32(s.layers()));
    md.put("llama.feed_forward_length", GgufValue.uint32(s.ffnDim()));
    md.put("llama.rope.dimension_count", GgufValue.uint32(s.headDim()));
    md.put("llama.rope.freq_base", GgufValue.float32(s.ropeBase()));
    md.put("llama.attention.head_count", GgufValue.uint32(s.heads()));
    md.put("llama.attention.head_count_kv", GgufValue.uint32(s.kvHeads()));
    md.put("llama.attention.layer_norm_rms_epsilon", GgufValue.float32(s.rmsEps()));
    md.put("llama.vocab_size", GgufValue.uint32(s.vocabSize()));
    md.put("tokenizer.ggml.model", GgufValue.string("llama"));
    md.put("tokenizer.ggml.tokens", GgufValue.strings(vocab.tokens()));
    md.put("tokenizer.ggml.scores", GgufValue.float32s(vocab.scores()));
    md.put("tokenizer.ggml.token_type", GgufValue.int32s(vocab.types()));
    md.put("tokenizer.ggml.unknown_token_id", GgufValue.uint32(0));
    md.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(1));
    md.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(2));
    md.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
    md.put("tokenizer.ggml.add_eos_token", GgufValue.bool(false));
    return md;
  }

  /** llama.cpp's general.file_type for a file whose matrices are all of {@code type}. */
  private static long fileType(GgmlType type) {
    return switch (type) {
      case F32 -> 0;
      case F16 -> 1;
      case Q4_0 -> 2;
      case Q8_0 -> 7;
      case BF16 -> 32;
    };
  }

  static List<TensorPayload> tensors(ModelShape s) {
    List<TensorPayload> out = new ArrayList<>();
    out.add(matrix(s, "token_embd.weight", s.vocabSize(), s.dim(), 1.0));
    for (int l = 0; l < s.layers(); l++) {
      String p = "blk." + l + ".";
      out.add(ones(p + "attn_norm.weight", s.dim()));
      out.add(matrix(s, p + "attn_q.weight", s.dim(), s.dim(), amplitude(s.dim())));
      out.add(matrix(s, p + "attn_k.weight", s.kvDim(), s.dim(), amplitude(s.dim())));
      out.add(matrix(s, p + "attn_v.weight", s.kvDim(), s.dim(), amplitude(s.dim())));
      out.add(matrix(s, p + "attn_output.weight", s.dim(), s.dim(), amplitude(s.dim())));
      out.add(ones(p + "ffn_norm.weight", s.dim()));
      out.add(matrix(s, p + "ffn_gate.weight", s.ffnDim(), s.dim(), amplitude(s.dim())));
      out.add(matrix(s, p + "ffn_up.weight", s.ffnDim(), s.dim(), amplitude(s.dim())));
      out.add(matrix(s, p + "ffn_down.weight", s.dim(), s.ffnDim(), amplitude(s.ffnDim())));
    }
    out.add(ones("output_norm.weight", s.dim()));
    if (!s.tiedEmbeddings()) {
      out.add(matrix(s, "output.weight", s.vocabSize(), s.dim(), amplitude(s.dim())));
    }
    return out;
  }

  private static double amplitude(int cols) {
    return Math.sqrt(3.0 / cols);
  }

  private static TensorPayload ones(String name, int n) {
    return new TensorPayload(name, new long[] {n}, GgmlType.F32, () -> {
      ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        b.putFloat(1f);
      }
      return b.array();
    });
  }

  private static TensorPayload matrix(ModelShape s, String name, int rows, int cols, double a) {
    GgmlType type = s.matrixType();
    return new TensorPayload(name, new long[] {cols, rows}, type, () -> encode(type, new Stream(s.seed(), name), rows, cols, a));
  }

  static byte[] encode(GgmlType type, Stream stream, int rows, int cols, double a) {
    long elements = (long) rows * cols;
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(type.bytesFor(cols) * rows)).order(ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case Q8_0, Q4_0 -> {
        short d = Float.floatToFloat16((float) (type == GgmlType.Q8_0 ? a / 127 : a / 8));
        int quantBytes = type == GgmlType.Q8_0 ? 32 : 16;
        for (long b = 0; b < elements / 32; b++) {
          out.putShort(d);
          for (int j = 0; j < quantBytes; j++) {
            out.put(stream.next());
          }
        }
      }
      case F32, F16, BF16 -> {
        for (long i = 0; i < elements; i++) {
          long x = ((stream.next() & 0xFFL) << 24) | ((stream.next() & 0xFF) << 16) | ((stream.next() & 0xFF) << 8)
              | (stream.next() & 0xFF);
          float v = (float) (((x >>> 8) * 0x1.0p-23 - 1) * a);
          switch (type) {
            case F32 -> out.putFloat(v);
            case F16 -> out.putShort(Float.floatToFloat16(v));
            default -> out.putShort((short) (Float.floatToRawIntBits(v) >>> 16)); // BF16 by truncation
          }
        }
      }
    }
    return out.array();
  }

  /** The byte stream of one tensor: sha256(seed ‖ name ‖ counter) blocks. */
  static final class Stream {
    private final MessageDigest md;
    private final byte[] prefix;
    private final byte[] counterBytes = new byte[8];
    private byte[] block = new byte[0];
    private int index;
    private long counter;

    Stream(long seed, String tensorName) {
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform must provide SHA-256", e);
      }
      byte[] name = tensorName.getBytes(StandardCharsets.UTF_8);
      prefix = ByteBuffer.allocate(8 + name.length).putLong(seed).put(name).array();
    }

    byte next() {
      if (index == block.length) {
        for (int i = 0; i < 8; i++) {
          counterBytes[i] = (byte) (counter >>> (56 - 8 * i));
        }
        counter++;
        md.update(prefix);
        md.update(counterBytes);
        block = md.digest();
        index = 0;
      }
      return block[index++];
    }
  }
}
