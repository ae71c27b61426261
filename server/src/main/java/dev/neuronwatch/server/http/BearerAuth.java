package dev.neuronwatch.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the {@code Authorization: Bearer <token>} header of a request against one configured
 * token, or lets every request through when there is none. A refusal is a 401 JSON error with
 * {@code WWW-Authenticate: Bearer}. Tokens are compared in time that does not depend on how much of
 * them matches.
 *
 * <pre>{@code
 * BearerAuth reads = BearerAuth.of(config.readToken());
 * routes.get("/metrics", reads.guard(metrics::scrape));
 * }</pre>
 */
public final class BearerAuth {
  private static final String SCHEME = "bearer ";
  private static final String CHALLENGE = "Bearer realm=\"neuronwatch\"";

  private final byte[] token;

  private BearerAuth(byte[] token) {
    this.token = token;
  }

  /** Requires {@code token}; null lets everything through. */
  public static BearerAuth of(String token) {
    return new BearerAuth(token == null ? null : token.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code handler}, run only for requests that pass {@link #check}. */
  Handler guard(Handler handler) {
    return ctx -> {
      check(ctx);
      handler.handle(ctx);
    };
  }

  /**
   * Whether a request with this {@code Authorization} header (null when absent) passes: always when
   * no token is required. Lets the server refuse a push before reading its body.
   */
  boolean accepts(String authorization) {
    if (token == null) {
      return true;
    }
    if (authorization == null
        || authorization.length() <= SCHEME.length()
        || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return false;
    }
    byte[] presented =
        authorization.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token);
  }

  /**
   * @throws ApiError 401 when a token is required and the request lacks it or carries another
   */
  void check(Context ctx) {
    if (token == null) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null
        || header.length() <= SCHEME.length()
        || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      throw new ApiError(
          401,
          "a bearer token is required (Authorization: Bearer <token>)",
          "Authorization",
          Map.of("WWW-Authenticate", CHALLENGE));
    }
    byte[] presented = header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
    // isEqual's time depends on its first argument's length only, which the client knows anyway.
    if (!MessageDigest.isEqual(presented, token)) {
      throw new ApiError(
          401,
          "the bearer token is not valid",
          "Authorization",
          Map.of("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\""));
    }
  }
}
