package dev.neuronwatch.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The one JSON codec of the protocol, used by agent and server alike.
 *
 * <p>Decoding is strict: unknown fields, duplicate keys, numbers where strings belong (and the
 * reverse), floats for integers, nulls for required values and nesting deeper than {@value
 * Protocol#MAX_NESTING_DEPTH} are rejected with a {@link WireFormatException} naming the field.
 *
 * <pre>{@code
 * byte[] body = WireJson.encode(push);
 * PushRequest back = WireJson.decode(body, PushRequest.class);
 * }</pre>
 */
public final class WireJson {
  private static final ObjectMapper MAPPER = newMapper();

  private WireJson() {}

  private static ObjectMapper newMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(Protocol.MAX_NESTING_DEPTH)
                    .maxStringLength(64 * 1024)
                    .maxNumberLength(64)
                    .build())
            // Shortest round-tripping digits by Schubfach instead of Java 17's Double.toString,
            // whose slow path (big-integer arithmetic, allocation) was most of an agent's cost to
            // encode a sample; the same numbers are read back either way.
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    JsonMapper mapper =
        JsonMapper.builder(factory)
            // "run": 7 and "step": "100" are type errors, not values to convert.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .setDefaultPropertyInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
  }

  /** Encodes a wire record (or any Jackson-serialisable value) as UTF-8 JSON. */
  public static byte[] encode(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encodes as a JSON string. */
  public static String encodeToString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes a UTF-8 JSON body.
   *
   * @throws WireFormatException naming the offending field when the body breaks the protocol
   */
  public static <T> T decode(byte[] body, Class<T> type) throws WireFormatException {
    if (body == null || body.length == 0) {
      throw syntax("$", "body is empty", null);
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw syntax("$", "body is JSON null", null);
      }
      return value;
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidFieldException invalid) {
        throw field(join(path(e.getPath()), invalid.field()), invalid.reason(), e);
      }
      throw classified(body, path(e.getPath()), rootMessage(e), e);
    } catch (UnrecognizedPropertyException e) {
      throw field(path(e.getPath()), "is not a known field", e);
    } catch (InvalidFormatException e) {
      throw field(path(e.getPath()), "has the wrong value '" + e.getValue() + "'", e);
    } catch (MismatchedInputException e) {
      String expected =
          e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
      throw classified(
          body,
          path(e.getPath()),
          "has the wrong type or is missing (expected " + expected + ")",
          e);
    } catch (JsonMappingException e) {
      throw classified(body, path(e.getPath()), rootMessage(e), e);
    } catch (JacksonException e) {
      throw classified(body, "$", "is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw syntax("$", "could not be read: " + e.getMessage(), e);
    }
  }

  private static WireFormatException syntax(String field, String reason, Throwable cause) {
    return new WireFormatException(new WireError(WireError.Kind.SYNTAX, field, reason), cause);
  }

  private static WireFormatException field(String field, String reason, Throwable cause) {
    return new WireFormatException(new WireError(WireError.Kind.FIELD, field, reason), cause);
  }

  /**
   * A decoder failure whose kind its causes tell: a number out of its field's range is the field's
   * fault; a failure of the parser (a bad literal, truncation, nesting too deep) is the syntax's,
   * and a bad literal is blamed on the field whose value it stands for.
   */
  private static WireFormatException classified(
      byte[] body, String decoderPath, String reason, JacksonException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InputCoercionException) {
        return field(decoderPath, reason, e);
      }
      if (cause instanceof StreamConstraintsException) {
        return syntax(decoderPath, reason, e);
      }
      if (cause instanceof JsonEOFException) {
        return syntax(decoderPath, reason, e);
      }
      if (cause instanceof StreamReadException) {
        return syntax(valuePath(decoderPath, body), reason, e);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return field(decoderPath, reason, e);
  }

  /**
   * The field whose value the parser failed to read ({@code samples[0].layers[0].output.mean} for a
   * {@code NaN} there), found by walking the body's tokens again: the parser had moved on to a new
   * field or element when it failed. Else (after a missing comma, say, it still stands at the
   * previous value) the decoder's path. The field must lie within the decoder's path.
   */
  private static String valuePath(String decoderPath, byte[] body) {
    String before = "$";
    String failedAt;
    JsonParser parser = null;
    try {
      parser = MAPPER.getFactory().createParser(body);
      while (parser.nextToken() != null) {
        before = path(parser.getParsingContext());
      }
      return decoderPath;
    } catch (StreamReadException e) {
      failedAt = path(parser.getParsingContext());
    } catch (IOException e) {
      return decoderPath;
    } finally {
      closeQuietly(parser);
    }
    boolean within =
        decoderPath.equals("$")
            || failedAt.startsWith(decoderPath + ".")
            || failedAt.startsWith(decoderPath + "[");
    return within && !failedAt.equals(before) && !failedAt.equals("$") ? failedAt : decoderPath;
  }

  private static void closeQuietly(JsonParser parser) {
    if (parser == null) {
      return;
    }
    try {
      parser.close();
    } catch (IOException e) {
      // A parser over a byte array holds nothing to release.
    }
  }

  /** Where a parser stands, as {@code samples[0].step}; the root is {@code $}. */
  static String path(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      if (at.inArray() && at.hasCurrentIndex()) {
        parts.push("[" + at.getCurrentIndex() + "]");
      } else if (at.inObject() && at.hasCurrentName()) {
        parts.push("." + at.getCurrentName());
      }
    }
    String path = String.join("", parts);
    path = path.startsWith(".") ? path.substring(1) : path;
    // A field named "" at the top has no path of its own: blame the body.
    return path.isEmpty() ? "$" : path;
  }

  private static String rootMessage(JsonMappingException e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message =
        cause instanceof JacksonException jackson
            ? jackson.getOriginalMessage()
            : cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "$" : path.toString();
  }

  private static String join(String parent, String field) {
    return parent.equals("$") ? field : parent + "." + field;
  }
}
