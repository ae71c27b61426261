package dev.neuronwatch.agent;

import dev.neuronwatch.agent.push.PushClient;
import dev.neuronwatch.agent.push.PushSettings;
import dev.neuronwatch.agent.stats.RollingLossWindow;
import dev.neuronwatch.model.InvalidFieldException;
import dev.neuronwatch.model.LossWindow;
import dev.neuronwatch.model.PushRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's configuration: immutable, built with {@link #builder()}. Only the run name is
 * required; every other setting has a documented default.
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.builder()
 *     .run("mnist-7")
 *     .serverUri(URI.create("http://127.0.0.1:9750"))
 *     .sampleEvery(20)
 *     .build();
 * }</pre>
 */
public final class AgentConfig {
  private final String run;
  private final URI serverUri;
  private final int sampleEvery;
  private final double saturationEpsilon;
  private final int lossWindow;
  private final int burstSteps;
  private final int openingSteps;
  private final int queueCapacity;
  private final int maxSamplesPerPush;
  private final Duration flushInterval;
  private final Duration requestTimeout;
  private final Duration connectTimeout;
  private final Duration maxBackoff;
  private final Duration closeTimeout;
  private final AlertListener alertListener;
  private final SampleSink sink;
  private final String token;
  private final String attempt;

  private AgentConfig(Builder b) {
    this.run = b.run;
    this.serverUri = b.serverUri;
    this.sampleEvery = b.sampleEvery;
    this.saturationEpsilon = b.saturationEpsilon;
    this.lossWindow = b.lossWindow;
    this.burstSteps = b.burstSteps;
    this.openingSteps = b.openingSteps;
    this.queueCapacity = b.queueCapacity;
    this.maxSamplesPerPush = b.maxSamplesPerPush;
    this.flushInterval = b.flushInterval;
    this.requestTimeout = b.requestTimeout;
    this.connectTimeout = b.connectTimeout;
    this.maxBackoff = b.maxBackoff;
    this.closeTimeout = b.closeTimeout;
    this.alertListener = b.alertListener;
    this.sink = b.sink;
    this.token = b.token;
    this.attempt = b.attempt;
  }

  /**
   * The attempt of the run this agent's samples belong to, sent with every push when set; empty
   * by default. A push naming another attempt than the server's current one for the run starts a
   * new attempt there (its alerts, history and counts start afresh) even when its steps go on, as
   * when a job resumes from a checkpoint; without it the server starts a new attempt when the
   * run's step goes back to its first step.
   */
  public Optional<String> attempt() {
    return Optional.ofNullable(attempt);
  }

  /**
   * The bearer token sent as {@code Authorization: Bearer <token>} with every push, when the
   * server requires one for writes; empty by default. Never printed by {@link #toString()}.
   */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /** A builder with every default set and no run name. */
  public static Builder builder() {
    return new Builder();
  }

  /** The run's name, as it appears in alerts and metric labels. */
  public String run() {
    return run;
  }

  /** The server's base URI; pushes go to {@code /api/v1/push} on it. */
  public URI serverUri() {
    return serverUri;
  }

  /** Every how many steps a step is sampled (step numbers divisible by it). */
  public int sampleEvery() {
    return sampleEvery;
  }

  /** How close to an activation's bound an output counts as saturated. */
  public double saturationEpsilon() {
    return saturationEpsilon;
  }

  /**
   * How many of the last steps' losses the agent keeps to judge a loss spike and to send as each
   * sample's {@code lossWindow} (median, MAD and the median of the run's first window).
   */
  public int lossWindow() {
    return lossWindow;
  }

  /**
   * How many steps after an anomaly (a loss spike, a non-finite value, a weight gradient growing
   * tenfold) are all sampled and pushed at once; 0 turns burst sampling off.
   */
  public int burstSteps() {
    return burstSteps;
  }

  /**
   * How many of the run's first steps (from the first step the agent is asked about) are all
   * sampled, at the usual push pace: initialisation and learning-rate mistakes show in the first
   * steps; 0 turns the opening burst off.
   */
  public int openingSteps() {
    return openingSteps;
  }

  /** How many samples may wait for delivery before new ones are dropped. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /**
   * The most samples one push carries; fewer once the server has refused a push as too large
   * (413), as the agent then halves its pushes until they fit.
   */
  public int maxSamplesPerPush() {
    return maxSamplesPerPush;
  }

  /** How long a sample waits at most for a push to be started. */
  public Duration flushInterval() {
    return flushInterval;
  }

  /** How long one push may take, from sending the request to reading the whole answer. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** How long connecting to the server may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The longest wait between retries of a failed push. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** How long {@link NeuronwatchAgent#close()} may spend delivering what is still queued. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** Who hears about firing alerts; a listener that ignores them by default. */
  public AlertListener alertListener() {
    return alertListener;
  }

  /** What the push loop needs of this configuration. */
  public PushSettings pushSettings() {
    return new PushSettings(
        run,
        attempt().orElse(null),
        queueCapacity,
        maxSamplesPerPush,
        flushInterval,
        maxBackoff,
        alertListener::onAlerts);
  }

  /** A new HTTP client for this configuration's server, timeouts and token. */
  public PushClient pushClient() {
    return new PushClient(serverUri, connectTimeout, requestTimeout, token().orElse(null));
  }

  /** The custom sink, or empty for the default HTTP push to {@link #serverUri()}. */
  public Optional<SampleSink> sink() {
    return Optional.ofNullable(sink);
  }

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

  /** Builds an {@link AgentConfig}; setters return the builder. */
  public static final class Builder {
    private static final AlertListener IGNORE_ALERTS = firing -> {};

    private String run;
    private URI serverUri = URI.create("http://127.0.0.1:9750");
    private int sampleEvery = 10;
    private double saturationEpsilon = 0.01;
    private int lossWindow = 128;
    private int burstSteps = 20;
    private int openingSteps = 20;
    private int queueCapacity = 256;
    private int maxSamplesPerPush = 128;
    private Duration flushInterval = Duration.ofSeconds(1);
    private Duration requestTimeout = Duration.ofSeconds(2);
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private AlertListener alertListener = IGNORE_ALERTS;
    private SampleSink sink;
    private String token;
    private String attempt;

    private Builder() {}

    /**
     * Default none. The run's attempt, e.g. the job's retry number ({@code "2"}) or the process
     * start time: letters, digits, {@code _ . : / -}, at most 128 characters. See {@link
     * AgentConfig#attempt()}.
     */
    public Builder attempt(String attempt) {
      this.attempt = attempt;
      return this;
    }

    /**
     * Default none: the server's write token, when it has one. Must be printable ASCII without
     * spaces, as a bearer token is.
     */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** Required: the run's name (letters, digits, {@code _ . : / -}, at most 128 characters). */
    public Builder run(String run) {
      this.run = run;
      return this;
    }

    /** Default {@code http://127.0.0.1:9750}; must be an absolute http or https URI. */
    public Builder serverUri(URI serverUri) {
      this.serverUri = serverUri;
      return this;
    }

    /** Default 10; at least 1 (1 samples every step). */
    public Builder sampleEvery(int sampleEvery) {
      this.sampleEvery = sampleEvery;
      return this;
    }

    /** Default 0.01; in (0, 0.5). */
    public Builder saturationEpsilon(double saturationEpsilon) {
      this.saturationEpsilon = saturationEpsilon;
      return this;
    }

    /**
     * Default 128 steps; from {@value RollingLossWindow#SPIKE_MIN_COUNT} (the fewest losses that
     * can make a spike) to {@link LossWindow#MAX_COUNT}. Fed on every step, sampled or not.
     */
    public Builder lossWindow(int lossWindow) {
      this.lossWindow = lossWindow;
      return this;
    }

    /**
     * Default 20 steps; at least 0 (0: no bursts; an anomaly's own sample is still pushed at
     * once). After an anomaly at step {@code t}, steps {@code t+1 .. t+burstSteps} are sampled and
     * each sample is pushed without waiting for {@code flushInterval}; a new anomaly extends it.
     */
    public Builder burstSteps(int burstSteps) {
      this.burstSteps = burstSteps;
      return this;
    }

    /**
     * Default 20 steps; at least 0 (0: no opening burst). The run's first {@code openingSteps}
     * steps are all sampled and pushed at the usual pace.
     */
    public Builder openingSteps(int openingSteps) {
      this.openingSteps = openingSteps;
      return this;
    }

    /** Default 256 samples; at least 1. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * Default 128; from 1 to {@link PushRequest#MAX_SAMPLES}. The most samples one push carries: a
     * push starts once a quarter of the queue (at most this many) is queued or the flush interval
     * has passed, and takes everything queued up to this bound, so a backlog goes in few pushes.
     */
    public Builder maxSamplesPerPush(int maxSamplesPerPush) {
      this.maxSamplesPerPush = maxSamplesPerPush;
      return this;
    }

    /** Default 1 second; positive. */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    /** Default 2 seconds; positive. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Default 1 second; positive. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Default 30 seconds; positive. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** Default 5 seconds; positive. */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** Default: alerts are only kept for {@link NeuronwatchAgent#firingAlerts()}. */
    public Builder alertListener(AlertListener alertListener) {
      this.alertListener = alertListener;
      return this;
    }

    /** Default: HTTP push to {@link #serverUri(URI)}. */
    public Builder sink(SampleSink sink) {
      this.sink = sink;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first field with a bad value
     */
    public AgentConfig build() {
      requireValidRun();
      requireServerUri();
      requireAtLeast("sampleEvery", sampleEvery, 1);
      if (!(saturationEpsilon > 0 && saturationEpsilon < 0.5)) {
        throw new IllegalArgumentException(
            "saturationEpsilon must be in (0, 0.5), was " + saturationEpsilon);
      }
      requireAtLeast("lossWindow", lossWindow, RollingLossWindow.SPIKE_MIN_COUNT);
      if (lossWindow > LossWindow.MAX_COUNT) {
        throw new IllegalArgumentException(
            "lossWindow must be at most " + LossWindow.MAX_COUNT + ", was " + lossWindow);
      }
      requireAtLeast("burstSteps", burstSteps, 0);
      requireAtLeast("openingSteps", openingSteps, 0);
      requireAtLeast("queueCapacity", queueCapacity, 1);
      requireAtLeast("maxSamplesPerPush", maxSamplesPerPush, 1);
      if (maxSamplesPerPush > PushRequest.MAX_SAMPLES) {
        throw new IllegalArgumentException(
            "maxSamplesPerPush must be at most " + PushRequest.MAX_SAMPLES + ", was "
                + maxSamplesPerPush);
      }
      requirePositive("flushInterval", flushInterval);
      requirePositive("requestTimeout", requestTimeout);
      requirePositive("connectTimeout", connectTimeout);
      requirePositive("maxBackoff", maxBackoff);
      requirePositive("closeTimeout", closeTimeout);
      if (token != null && !token.matches("[\\x21-\\x7e]+")) {
        throw new IllegalArgumentException(
            "token must be non-empty printable ASCII without spaces");
      }
      if (attempt != null) {
        try {
          new PushRequest(run, List.of(), null, false, attempt);
        } catch (InvalidFieldException e) {
          throw new IllegalArgumentException("attempt '" + attempt + "' " + e.reason(), e);
        }
      }
      if (alertListener == null) {
        throw new IllegalArgumentException("alertListener must not be null");
      }
      return new AgentConfig(this);
    }

    private void requireValidRun() {
      if (run == null) {
        throw new IllegalArgumentException("run is required");
      }
      try {
        // The wire record owns the naming rules; building an empty push applies exactly them.
        new PushRequest(run, List.of(), null, false);
      } catch (InvalidFieldException e) {
        throw new IllegalArgumentException("run '" + run + "' " + e.reason(), e);
      }
    }

    private void requireServerUri() {
      if (serverUri == null
          || !serverUri.isAbsolute()
          || serverUri.getHost() == null
          || !("http".equalsIgnoreCase(serverUri.getScheme())
              || "https".equalsIgnoreCase(serverUri.getScheme()))) {
        throw new IllegalArgumentException(
            "serverUri must be an absolute http or https URI with a host, was " + serverUri);
      }
    }

    private static void requireAtLeast(String field, int value, int least) {
      if (value < least) {
        throw new IllegalArgumentException(field + " must be at least " + least + ", was " + value);
      }
    }

    private static void requirePositive(String field, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be a positive duration, was " + value);
      }
    }
  }
}
