package dev.neuronwatch.agent;

import dev.neuronwatch.agent.push.PushClient;
import dev.neuronwatch.agent.push.PushSettings;
import dev.neuronwatch.agent.stats.RollingLossWindow;
import dev.neuronwatch.protocol.InvalidFieldException;
import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.Protocol;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.settings.Check;
import dev.neuronwatch.settings.InvalidSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's configuration: immutable, built with {@link #builder()} and validated by its
 * constructor, which names the first wrong setting ({@link InvalidSettingException}). Only the run
 * name is required; every other setting defaults to its {@code DEFAULT_*} constant.
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.builder()
 *     .run("mnist-7")
 *     .serverUri(URI.create("http://127.0.0.1:9750"))
 *     .sampleEvery(20)
 *     .build();
 * }</pre>
 *
 * @param run the run's name, as it appears in alerts and metric labels: letters, digits, {@code _ .
 *     : / -}, at most 128 characters
 * @param serverUri the server's base URI, absolute http or https; pushes go to {@code /api/v1/push}
 *     on it
 * @param sampleEvery every how many steps a step is sampled (step numbers divisible by it); at
 *     least 1
 * @param saturationEpsilon how close to an activation's bound an output counts as saturated; in (0,
 *     0.5)
 * @param lossWindow how many of the last steps' losses the agent keeps to judge a loss spike and to
 *     send as each sample's {@code lossWindow}; from {@value RollingLossWindow#SPIKE_MIN_COUNT}
 *     (the fewest losses that can make a spike) to {@link LossWindow#MAX_COUNT}; fed on every step
 * @param burstSteps how many steps after an anomaly (a loss spike, a non-finite value, a weight
 *     gradient growing tenfold) are all sampled and pushed at once; 0 turns burst sampling off
 * @param openingSteps how many of the run's first steps are all sampled, at the usual push pace:
 *     initialisation and learning-rate mistakes show in the first steps; 0 turns it off
 * @param queueCapacity how many samples may wait for delivery before new ones are dropped; at least
 *     1
 * @param maxSamplesPerPush the most samples one push carries, 1 to {@link
 *     Protocol#MAX_SAMPLES_PER_PUSH}; a push starts once a quarter of the queue (at most this many)
 *     is queued or the flush interval has passed; fewer once the server has refused a push as too
 *     large (413)
 * @param flushInterval how long a sample waits at most for a push to be started; positive
 * @param requestTimeout how long one push may take, from sending the request to reading the whole
 *     answer; positive
 * @param connectTimeout how long connecting to the server may take; positive
 * @param maxBackoff the longest wait between retries of a failed push; positive
 * @param closeTimeout how long {@link NeuronwatchAgent#close()} may spend delivering what is still
 *     queued; positive
 * @param alertListener who hears about firing alerts; by default they are only kept for {@link
 *     NeuronwatchAgent#firingAlerts()}
 * @param sink the custom sink, or empty for the default HTTP push to {@link #serverUri()}
 * @param token the bearer token sent as {@code Authorization: Bearer <token>} with every push, when
 *     the server requires one for writes; printable ASCII without spaces; never printed by {@link
 *     #toString()}
 * @param attempt the attempt of the run this agent's samples belong to (e.g. the job's retry
 *     number), sent with every push when set. A push naming another attempt than the server's
 *     current one for the run starts a new attempt there (its alerts, history and counts start
 *     afresh) even when its steps go on, as when a job resumes from a checkpoint; without it the
 *     server starts a new attempt when the run's step goes back to its first step
 */
public record AgentConfig(
    String run,
    URI serverUri,
    int sampleEvery,
    double saturationEpsilon,
    int lossWindow,
    int burstSteps,
    int openingSteps,
    int queueCapacity,
    int maxSamplesPerPush,
    Duration flushInterval,
    Duration requestTimeout,
    Duration connectTimeout,
    Duration maxBackoff,
    Duration closeTimeout,
    AlertListener alertListener,
    Optional<SampleSink> sink,
    Optional<String> token,
    Optional<String> attempt) {

  /** A string, so that command lines can show it as their own default. */
  public static final String DEFAULT_SERVER_URI = "http://127.0.0.1:9750";

  public static final int DEFAULT_SAMPLE_EVERY = 10;
  public static final double DEFAULT_SATURATION_EPSILON = 0.01;
  public static final int DEFAULT_LOSS_WINDOW = 128;
  public static final int DEFAULT_BURST_STEPS = 20;
  public static final int DEFAULT_OPENING_STEPS = 20;
  public static final int DEFAULT_QUEUE_CAPACITY = 256;
  public static final int DEFAULT_MAX_SAMPLES_PER_PUSH = 128;
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * @throws InvalidSettingException naming the first setting with a bad value
   */
  public AgentConfig {
    Check.required("run", run);
    String runName = run;
    wireName("run", run, () -> new PushRequest(runName, List.of(), null, false));
    if (serverUri == null
        || !serverUri.isAbsolute()
        || serverUri.getHost() == null
        || !("http".equalsIgnoreCase(serverUri.getScheme())
            || "https".equalsIgnoreCase(serverUri.getScheme()))) {
      throw new InvalidSettingException(
          "serverUri", "must be an absolute http or https URI with a host, was " + serverUri);
    }
    Check.atLeast("sampleEvery", sampleEvery, 1);
    Check.open("saturationEpsilon", saturationEpsilon, 0, 0.5);
    Check.atLeast("lossWindow", lossWindow, RollingLossWindow.SPIKE_MIN_COUNT);
    Check.atMost("lossWindow", lossWindow, LossWindow.MAX_COUNT);
    Check.atLeast("burstSteps", burstSteps, 0);
    Check.atLeast("openingSteps", openingSteps, 0);
    Check.atLeast("queueCapacity", queueCapacity, 1);
    Check.atLeast("maxSamplesPerPush", maxSamplesPerPush, 1);
    Check.atMost("maxSamplesPerPush", maxSamplesPerPush, Protocol.MAX_SAMPLES_PER_PUSH);
    Check.positive("flushInterval", flushInterval);
    Check.positive("requestTimeout", requestTimeout);
    Check.positive("connectTimeout", connectTimeout);
    Check.positive("maxBackoff", maxBackoff);
    Check.positive("closeTimeout", closeTimeout);
    Check.required("sink", sink);
    Check.bearerToken("token", Check.required("token", token).orElse(null));
    Check.required("attempt", attempt)
        .ifPresent(
            a -> wireName("attempt", a, () -> new PushRequest(runName, List.of(), null, false, a)));
    Check.required("alertListener", alertListener);
  }

  /** The wire record owns the naming rules; building an empty push applies exactly them. */
  private static void wireName(String setting, String value, Runnable emptyPush) {
    try {
      emptyPush.run();
    } catch (InvalidFieldException e) {
      throw new InvalidSettingException(setting, "'" + value + "' " + e.reason());
    }
  }

  /** A builder with every default set and no run name. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.run = run;
    b.serverUri = serverUri;
    b.sampleEvery = sampleEvery;
    b.saturationEpsilon = saturationEpsilon;
    b.lossWindow = lossWindow;
    b.burstSteps = burstSteps;
    b.openingSteps = openingSteps;
    b.queueCapacity = queueCapacity;
    b.maxSamplesPerPush = maxSamplesPerPush;
    b.flushInterval = flushInterval;
    b.requestTimeout = requestTimeout;
    b.connectTimeout = connectTimeout;
    b.maxBackoff = maxBackoff;
    b.closeTimeout = closeTimeout;
    b.alertListener = alertListener;
    b.sink = sink.orElse(null);
    b.token = token.orElse(null);
    b.attempt = attempt.orElse(null);
    return b;
  }

  /** What the push loop needs of this configuration. */
  public PushSettings pushSettings() {
    return new PushSettings(
        run,
        attempt.orElse(null),
        queueCapacity,
        maxSamplesPerPush,
        flushInterval,
        maxBackoff,
        alertListener::onAlerts);
  }

  /** A new HTTP client for this configuration's server, timeouts and token. */
  public PushClient pushClient() {
    return new PushClient(serverUri, connectTimeout, requestTimeout, token.orElse(null));
  }

  /** The main settings; never the token. */
  @Override
  public String toString() {
    return "AgentConfig{run="
        + run
        + ", serverUri="
        + serverUri
        + ", sampleEvery="
        + sampleEvery
        + ", lossWindow="
        + lossWindow
        + ", burstSteps="
        + burstSteps
        + ", openingSteps="
        + openingSteps
        + ", queueCapacity="
        + queueCapacity
        + ", maxSamplesPerPush="
        + maxSamplesPerPush
        + ", flushInterval="
        + flushInterval
        + "}";
  }

  /**
   * Collects settings, starting from the defaults; setters return the builder and {@link #build()}
   * validates. Each setting is described on {@link AgentConfig}.
   */
  public static final class Builder {
    private static final AlertListener IGNORE_ALERTS = firing -> {};

    private String run;
    private URI serverUri = URI.create(DEFAULT_SERVER_URI);
    private int sampleEvery = DEFAULT_SAMPLE_EVERY;
    private double saturationEpsilon = DEFAULT_SATURATION_EPSILON;
    private int lossWindow = DEFAULT_LOSS_WINDOW;
    private int burstSteps = DEFAULT_BURST_STEPS;
    private int openingSteps = DEFAULT_OPENING_STEPS;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private int maxSamplesPerPush = DEFAULT_MAX_SAMPLES_PER_PUSH;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private AlertListener alertListener = IGNORE_ALERTS;
    private SampleSink sink;
    private String token;
    private String attempt;

    private Builder() {}

    /** Required. */
    public Builder run(String run) {
      this.run = run;
      return this;
    }

    public Builder serverUri(URI serverUri) {
      this.serverUri = serverUri;
      return this;
    }

    public Builder sampleEvery(int sampleEvery) {
      this.sampleEvery = sampleEvery;
      return this;
    }

    public Builder saturationEpsilon(double saturationEpsilon) {
      this.saturationEpsilon = saturationEpsilon;
      return this;
    }

    public Builder lossWindow(int lossWindow) {
      this.lossWindow = lossWindow;
      return this;
    }

    public Builder burstSteps(int burstSteps) {
      this.burstSteps = burstSteps;
      return this;
    }

    public Builder openingSteps(int openingSteps) {
      this.openingSteps = openingSteps;
      return this;
    }

    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    public Builder maxSamplesPerPush(int maxSamplesPerPush) {
      this.maxSamplesPerPush = maxSamplesPerPush;
      return this;
    }

    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    public Builder alertListener(AlertListener alertListener) {
      this.alertListener = alertListener;
      return this;
    }

    /** Default none: HTTP push to {@link #serverUri(URI)}. */
    public Builder sink(SampleSink sink) {
      this.sink = sink;
      return this;
    }

    /** Default none: the server's write token, when it has one. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** Default none. */
    public Builder attempt(String attempt) {
      this.attempt = attempt;
      return this;
    }

    /**
     * @throws InvalidSettingException naming the first setting with a bad value
     */
    public AgentConfig build() {
      return new AgentConfig(
          run,
          serverUri,
          sampleEvery,
          saturationEpsilon,
          lossWindow,
          burstSteps,
          openingSteps,
          queueCapacity,
          maxSamplesPerPush,
          flushInterval,
          requestTimeout,
          connectTimeout,
          maxBackoff,
          closeTimeout,
          alertListener,
          Optional.ofNullable(sink),
          Optional.ofNullable(token),
          Optional.ofNullable(attempt));
    }
  }
}
