package dev.pylayer.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Embeddings in OpenAI's shape, with the JSON LiteLLM returned available as {@link #rawJson()}. */
public final class EmbeddingResponse {
  private final String model;
  private final List<Embedding> data;
  private final Usage usage;
  private final String rawJson;

  private EmbeddingResponse(Map<String, Object> json, String rawJson) {
    this.model = JsonFields.string(json, "model");
    List<Embedding> embeddings = new ArrayList<>();
    for (Object element : JsonFields.array(json, "data")) {
      if (element instanceof Map) {
        Map<?, ?> item = (Map<?, ?>) element;
        Integer index = JsonFields.integer(item, "index");
        embeddings.add(new Embedding(index == null ? embeddings.size() : index, vector(item.get("embedding"))));
      }
    }
    this.data = Collections.unmodifiableList(embeddings);
    this.usage = Usage.fromJson(JsonFields.object(json, "usage"));
    this.rawJson = rawJson;
  }

  static EmbeddingResponse fromJson(Map<String, Object> json, String rawJson) {
    return new EmbeddingResponse(json, rawJson);
  }

  /**
   * Reads one in OpenAI's JSON shape, e.g. to build answers for a {@link ChatClient} test double or
   * from a response stored earlier.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object
   */
  public static EmbeddingResponse parse(String json) {
    return new EmbeddingResponse(Json.parseObject(json), json);
  }

  private static float[] vector(Object raw) {
    if (raw instanceof List) {
      List<?> list = (List<?>) raw;
      float[] v = new float[list.size()];
      for (int i = 0; i < v.length; i++) {
        Object x = list.get(i);
        v[i] = x instanceof Number ? ((Number) x).floatValue() : Float.NaN;
      }
      return v;
    }
    if (raw instanceof String) {
      // encoding_format=base64: little-endian float32 values.
      ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode((String) raw)).order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[bytes.remaining() / Float.BYTES];
      bytes.asFloatBuffer().get(v);
      return v;
    }
    return new float[0];
  }

  /** The model that answered. */
  public String model() {
    return model;
  }

  /** One embedding per input, in the provider's order (see {@link Embedding#index()}). */
  public List<Embedding> data() {
    return data;
  }

  /** The vector of the input at {@code index}. */
  public float[] vector(int index) {
    for (Embedding e : data) {
      if (e.index() == index) {
        return e.vector();
      }
    }
    throw new IndexOutOfBoundsException("no embedding for input " + index + " (have " + data.size() + ")");
  }

  /** Token usage; null when the provider reported none. */
  public Usage usage() {
    return usage;
  }

  /** The response exactly as the worker sent it. */
  public String rawJson() {
    return rawJson;
  }

  @Override
  public String toString() {
    return "EmbeddingResponse{model=" + model + ", embeddings=" + data.size() + ", usage=" + usage + "}";
  }

  /** One input's embedding. */
  public static final class Embedding {
    private final int index;
    private final float[] vector;

    Embedding(int index, float[] vector) {
      this.index = index;
      this.vector = vector;
    }

    /** Position of the input this embeds. */
    public int index() {
      return index;
    }

    /** A copy of the vector. */
    public float[] vector() {
      return vector.clone();
    }

    /** The vector's length. */
    public int dimensions() {
      return vector.length;
    }

    @Override
    public String toString() {
      return "Embedding{index=" + index + ", dimensions=" + vector.length + "}";
    }
  }
}
