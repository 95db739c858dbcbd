package dev.kinetic.inference;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.kinetic.contracts.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * An Open Inference Protocol inference request as it arrives: a JSON object, possibly followed by
 * binary tensors. In the binary tensor data extension (Triton's and KServe's), the header {@value
 * #HEADER_LENGTH} gives the JSON's length in bytes, each input sent in binary gives its size in the
 * parameter {@code binary_data_size}, and the inputs' bytes follow the JSON one after the other, in
 * the inputs' order, little-endian and row-major.
 */
record InferRequest(
    String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

  static final String HEADER_LENGTH = "Inference-Header-Content-Length";
  static final String BINARY_SIZE = "binary_data_size";
  static final String BINARY_OUTPUT = "binary_data_output";
  static final String BINARY = "binary_data";

  // NaN and Infinity are not JSON, but Python's json module writes them: read them, so that the
  // answer names the instance and feature they are in rather than the position of a parse error.
  private static final ObjectReader READER =
      Json.MAPPER.readerFor(InferRequest.class).with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

  /**
   * @param data the values given in the JSON, flattened; null when absent
   * @param binary the bytes given after the JSON, when {@code binary_data_size} says so
   */
  record Input(
      String name,
      JsonNode shape,
      String datatype,
      Map<String, Object> parameters,
      @JsonDeserialize(using = TensorData.Reader.class) TensorData data,
      @JsonIgnore ByteBuffer binary) {

    Input withBinary(ByteBuffer bytes) {
      return new Input(name, shape, datatype, parameters, data, bytes);
    }
  }

  record Output(String name, Map<String, Object> parameters) {}

  /**
   * Reads a request of {@code body}, whose first {@code headerLength} bytes are JSON (all of them
   * when it is null).
   *
   * @throws InvalidInputException when the header or the binary sizes do not add up to the body
   */
  static InferRequest read(byte[] body, String headerLength) {
    int jsonLength = body.length;
    if (headerLength != null) {
      try {
        jsonLength = Integer.parseInt(headerLength.strip());
      } catch (NumberFormatException e) {
        jsonLength = -1;
      }
      if (jsonLength < 0 || jsonLength > body.length) {
        throw new InvalidInputException(
            HEADER_LENGTH,
            "must be the length of the JSON at the start of the body, from 0 to the body's "
                + body.length
                + " bytes; was '"
                + headerLength
                + "'");
      }
    }
    InferRequest request = READER.readValue(body, 0, jsonLength);
    if (request == null || request.inputs() == null) {
      throw new InvalidInputException("inputs", "give one input tensor");
    }
    List<Input> inputs = new ArrayList<>(request.inputs());
    int offset = jsonLength;
    for (int i = 0; i < inputs.size(); i++) {
      Input input = inputs.get(i);
      if (input == null) {
        throw new InvalidInputException("inputs[" + i + "]", "is null; give a tensor");
      }
      String where = "inputs[" + i + "].parameters." + BINARY_SIZE;
      Object size = input.parameters() == null ? null : input.parameters().get(BINARY_SIZE);
      if (size == null) {
        continue;
      }
      if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
        throw new InvalidInputException(where, "must be a byte count, was " + size);
      }
      if (headerLength == null) {
        throw new InvalidInputException(
            where, "binary tensors need the " + HEADER_LENGTH + " header: the JSON's length");
      }
      if (input.data() != null) {
        throw new InvalidInputException(
            "inputs[" + i + "]", "has both data and " + BINARY_SIZE + "; give one");
      }
      long bytes = ((Number) size).longValue();
      if (bytes > body.length - offset) {
        throw new InvalidInputException(
            where, bytes + " bytes, but " + (body.length - offset) + " are left in the body");
      }
      inputs.set(
          i,
          input.withBinary(
              ByteBuffer.wrap(body, offset, (int) bytes).slice().order(ByteOrder.LITTLE_ENDIAN)));
      offset += (int) bytes;
    }
    if (offset != body.length) {
      throw new InvalidInputException(
          HEADER_LENGTH,
          (body.length - offset)
              + " bytes after the JSON belong to no input; give each binary input's "
              + BINARY_SIZE);
    }
    return new InferRequest(request.id(), request.parameters(), inputs, request.outputs());
  }

  /** Whether the output {@code name} is to be answered in binary. */
  boolean binaryOutput(String name) {
    boolean binary = flag(parameters, BINARY_OUTPUT, "parameters." + BINARY_OUTPUT);
    if (outputs != null) {
      for (int i = 0; i < outputs.size(); i++) {
        Output output = outputs.get(i);
        if (output != null
            && name.equals(output.name())
            && output.parameters() != null
            && output.parameters().containsKey(BINARY)) {
          binary = flag(output.parameters(), BINARY, "outputs[" + i + "].parameters." + BINARY);
        }
      }
    }
    return binary;
  }

  private static boolean flag(Map<String, Object> parameters, String name, String where) {
    Object value = parameters == null ? null : parameters.get(name);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean flag)) {
      throw new InvalidInputException(where, "must be true or false, was " + value);
    }
    return flag;
  }

  /**
   * A tensor's values as floats, in row-major order, with the first element that is not a finite
   * number, if any, and why.
   */
  static final class TensorData {

    private float[] values;
    private int count;
    private int invalidAt = -1;
    private String invalid;

    float[] values() {
      return count == values.length ? values : Arrays.copyOf(values, count);
    }

    int count() {
      return count;
    }

    /** The position of the first element that is not a finite number, or -1. */
    int invalidAt() {
      return invalidAt;
    }

    String invalid() {
      return invalid;
    }

    /**
     * The values of {@code bytes}, {@code datatype} FP32 or FP64.
     *
     * @throws InvalidInputException when the bytes are not a whole number of elements
     */
    static TensorData decode(ByteBuffer bytes, String datatype, String where) {
      int size = datatype.equals("FP64") ? Double.BYTES : Float.BYTES;
      if (bytes.remaining() % size != 0) {
        throw new InvalidInputException(
            where, bytes.remaining() + " bytes is not a whole number of " + datatype + " elements");
      }
      TensorData data = new TensorData();
      data.values = new float[bytes.remaining() / size];
      if (size == Float.BYTES) {
        bytes.asFloatBuffer().get(data.values);
      } else {
        for (int i = 0; i < data.values.length; i++) {
          data.values[i] = (float) bytes.getDouble(i * Double.BYTES);
        }
      }
      data.count = data.values.length;
      for (int i = 0; i < data.count && data.invalidAt < 0; i++) {
        if (!Float.isFinite(data.values[i])) {
          data.invalid(i, data.values[i] + " is not a finite number");
        }
      }
      return data;
    }

    private void add(float value) {
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
      }
      if (!Float.isFinite(value) && invalidAt < 0) {
        invalid(count, value + " is not a finite number");
      }
      values[count++] = value;
    }

    private void invalid(int at, String why) {
      invalidAt = at;
      invalid = why;
    }

    /**
     * Reads {@code data} straight into floats, flat or nested as the protocol allows, without a
     * node per element: a large tensor is most of a request's bytes.
     */
    static final class Reader extends ValueDeserializer<TensorData> {

      @Override
      public TensorData deserialize(JsonParser parser, DeserializationContext context) {
        TensorData data = new TensorData();
        data.values = new float[64];
        read(parser, data);
        return data;
      }

      private static void read(JsonParser parser, TensorData data) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_ARRAY) {
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            read(parser, data);
          }
        } else if (token.isNumeric()) {
          data.add(parser.getFloatValue());
        } else {
          if (data.invalidAt < 0) {
            data.invalid(
                data.count,
                "must be a number, was "
                    + (token == JsonToken.VALUE_STRING
                        ? "the string '" + parser.getString() + "'"
                        : token.isStructStart() ? "an object" : parser.getString()));
          }
          parser.skipChildren();
          data.add(0);
        }
      }
    }
  }
}
