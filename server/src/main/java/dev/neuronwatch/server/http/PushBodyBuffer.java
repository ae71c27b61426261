package dev.neuronwatch.server.http;

import dev.neuronwatch.server.metrics.RejectionReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the body of every push without holding a request thread, before the push reaches its
 * controller, and cuts off a body that has not arrived within the read timeout.
 *
 * <p>The controller reads bodies with blocking servlet reads: a client that trickles its body a
 * byte at a time would hold one of the server's threads for as long as it likes, and a few hundred
 * such connections hold them all. Here the body is gathered with Jetty's asynchronous reads, so a
 * slow client holds only its buffered bytes; only a complete body is dispatched to a thread. A body
 * not complete after {@code timeout} is answered 408, the connection closed, the refusal counted
 * ({@code slow_body}) and logged. Pushes that will be refused anyway are not read: a missing or
 * wrong write token, or a declared length over the limit, go straight to the controller, which
 * answers them without reading.
 *
 * <pre>{@code
 * server.insertHandler(new PushBodyBuffer(Protocol.PUSH_PATH, 1 << 20, Duration.ofSeconds(10),
 *     BearerAuth.of(token), reason -> metrics.rejected(reason)));
 * }</pre>
 */
final class PushBodyBuffer extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(PushBodyBuffer.class);
  private final ThrottledWarning cutOff =
      new ThrottledWarning(ThrottledWarning.DEFAULT_INTERVAL, LOG::warn);

  /** A body over the limit is drained up to this many times the limit; see {@link #drainLimit}. */
  static final int DRAIN_FACTOR = 4;

  private final String path;
  private final int maxBodyBytes;
  private final Duration timeout;
  private final BearerAuth writes;
  private final Consumer<RejectionReason> rejected;

  PushBodyBuffer(
      String path,
      int maxBodyBytes,
      Duration timeout,
      BearerAuth writes,
      Consumer<RejectionReason> rejected) {
    this.path = path;
    this.maxBodyBytes = maxBodyBytes;
    this.timeout = timeout;
    this.writes = writes;
    this.rejected = rejected;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!"POST".equals(request.getMethod())
        || !path.equals(Request.getPathInContext(request))
        || !writes.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))
        || request.getLength() > drainLimit()) {
      return super.handle(request, response, callback);
    }
    AtomicBoolean settled = new AtomicBoolean();
    Scheduler.Task deadline =
        request
            .getComponents()
            .getScheduler()
            .schedule(
                () -> {
                  if (settled.compareAndSet(false, true)) {
                    tooSlow(request, response, callback);
                  }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    // One byte past the limit tells "too large" apart from "exactly at the limit".
    new Gather(
            request,
            settled,
            (body, failure) -> {
              if (!settled.compareAndSet(false, true)) {
                return;
              }
              deadline.cancel();
              request
                  .getComponents()
                  .getExecutor()
                  .execute(() -> dispatch(request, response, callback, body, failure));
            })
        .run();
    return true;
  }

  private void dispatch(
      Request request, Response response, Callback callback, byte[] body, Throwable failure) {
    try {
      Request next = failure == null ? new Buffered(request, body) : new Failed(request, failure);
      if (!super.handle(next, response, callback)) {
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      }
    } catch (Throwable t) {
      Response.writeError(request, response, callback, t);
    }
  }

  private void tooSlow(Request request, Response response, Callback callback) {
    rejected.accept(RejectionReason.SLOW_BODY);
    String from = Request.getRemoteAddr(request);
    long announced = request.getLength();
    cutOff.warn(
        () ->
            "push from "
                + from
                + " cut off: its body did not arrive within "
                + text(timeout)
                + " ("
                + (announced < 0 ? "unknown" : Long.toString(announced))
                + " bytes announced)");
    response.setStatus(HttpStatus.REQUEST_TIMEOUT_408);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonResponse.CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    String json =
        "{\"error\":\"the request body did not arrive within "
            + text(timeout)
            + "\",\"field\":\"$\"}";
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
  }

  /**
   * How many bytes of a body over the limit are read and thrown away before it is answered 413:
   * closing a connection whose request is still arriving makes the kernel reset it, and the client
   * then loses the answer ("no bytes received" instead of 413). A body announced beyond this is
   * answered at once.
   */
  private long drainLimit() {
    return DRAIN_FACTOR * (long) maxBodyBytes;
  }

  private static String text(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /**
   * Reads the body as it arrives, on whichever thread Jetty delivers it, into memory. Keeps one
   * byte past the limit, so that the controller still tells a too-large body apart (413), and
   * drains the rest (see {@link #drainLimit}).
   */
  private final class Gather implements Runnable {
    private final Request request;
    private final AtomicBoolean settled;
    private final BiConsumer<byte[], Throwable> done;
    private byte[] bytes = new byte[8192];
    private int size;
    private long received;

    /**
     * @param settled set once the request is answered: by the deadline (408), or by {@code done}
     */
    Gather(Request request, AtomicBoolean settled, BiConsumer<byte[], Throwable> done) {
      this.request = request;
      this.settled = settled;
      this.done = done;
    }

    @Override
    public void run() {
      try {
        gather();
      } catch (RuntimeException e) {
        // The deadline's 408 can complete the request while this reader runs on another thread:
        // the completed request then refuses to be read or demanded from (IllegalStateException
        // "channel already completed", or a NullPointerException once its stream is gone). It is
        // answered; there is nothing left to read.
        if (!settled.get()) {
          throw e;
        }
      }
    }

    private void gather() {
      while (!settled.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          done.accept(null, chunk.getFailure());
          return;
        }
        boolean last = chunk.isLast();
        ByteBuffer buffer = chunk.getByteBuffer();
        received += buffer.remaining();
        append(buffer);
        chunk.release();
        // Past the limit the rest is read and thrown away, up to the drain limit.
        if (last || received > drainLimit()) {
          done.accept(Arrays.copyOf(bytes, size), null);
          return;
        }
      }
    }

    private void append(ByteBuffer buffer) {
      int take = Math.min(buffer.remaining(), maxBodyBytes + 1 - size);
      if (size + take > bytes.length) {
        bytes =
            Arrays.copyOf(
                bytes, Math.min(maxBodyBytes + 1, Math.max(size + take, 2 * bytes.length)));
      }
      buffer.get(bytes, size, take);
      size += take;
    }
  }

  /** The request with its body already in memory. */
  private static final class Buffered extends Request.Wrapper {
    private final byte[] body;
    private boolean read;

    Buffered(Request request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public synchronized Content.Chunk read() {
      if (read) {
        return Content.Chunk.EOF;
      }
      read = true;
      return Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }
  }

  /** The request whose body could not be read: every read reports the failure. */
  private static final class Failed extends Request.Wrapper {
    private final Throwable failure;

    Failed(Request request, Throwable failure) {
      super(request);
      this.failure = failure;
    }

    @Override
    public Content.Chunk read() {
      return Content.Chunk.from(failure, true);
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }
  }
}
