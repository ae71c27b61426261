"""The push thread: sends queued samples to the server, never blocking or failing the training.

``Pusher`` owns a bounded queue. ``offer(sample)`` never blocks: when the queue is full the new
sample is dropped and counted. A daemon thread sends what is queued every ``flush_interval``
seconds, at most ``max_samples_per_push`` per request, retrying connection errors, timeouts, 429
(honouring ``Retry-After``) and 5xx with exponential backoff and jitter. Any other 4xx drops the
batch (counted, logged once). After ``close()``, taken == pushed + dropped.

Example::

    pusher = Pusher("run-1", "http://127.0.0.1:9750")
    pusher.offer({"step": 10, "timeMillis": 0, "lossNonFinite": False, "layers": []})
    pusher.close(finished=True)
"""

import json
import logging
import queue
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

LOG = logging.getLogger("neuronwatch_torch")
PUSH_PATH = "/api/v1/push"
MAX_SAMPLES_PER_REQUEST = 1024


def _check_url(server):
    """Refuses anything but an http(s) URL with a host, naming what was given."""
    parts = None
    if isinstance(server, str):
        try:
            parts = urllib.parse.urlsplit(server)
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("server must be an http(s) URL such as http://127.0.0.1:9750, was %r"
                         % (server,))


def _check_count(name, value, low, high=None):
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (
            high is not None and value > high):
        raise ValueError("%s must be a whole number in [%d, %s], was %r"
                         % (name, low, high if high is not None else "...", value))


class _Retry(Exception):
    def __init__(self, reason, retry_after=None):
        super().__init__(reason)
        self.retry_after = retry_after


class _Reject(Exception):
    pass


class Pusher:
    """Counters and the push thread of one run; see the module docstring."""

    def __init__(self, run, server, token=None, queue_capacity=256, max_samples_per_push=64,
                 flush_interval=1.0, connect_timeout=1.0, request_timeout=2.0, max_backoff=30.0,
                 close_timeout=5.0, on_alerts=None):
        _check_url(server)
        if token is not None and (not isinstance(token, str) or not token
                                  or any(c.isspace() or ord(c) < 0x21 or ord(c) == 0x7f
                                         for c in token)):
            raise ValueError("token must be a non-empty string without spaces or control "
                             "characters (it goes into the Authorization header)")
        _check_count("queue_capacity", queue_capacity, 1)
        _check_count("max_samples_per_push", max_samples_per_push, 1, MAX_SAMPLES_PER_REQUEST)
        for name, value in (("flush_interval", flush_interval),
                            ("connect_timeout", connect_timeout),
                            ("request_timeout", request_timeout), ("max_backoff", max_backoff),
                            ("close_timeout", close_timeout)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError("%s must be a positive number of seconds, was %r"
                                 % (name, value))
        if on_alerts is not None and not callable(on_alerts):
            raise ValueError("on_alerts must be callable, was %r" % (on_alerts,))
        self.run = run
        self.url = server.rstrip("/") + PUSH_PATH
        self.token = token
        self.max_samples_per_push = max_samples_per_push
        self.flush_interval = flush_interval
        # urllib has one timeout per socket operation; the larger of the two bounds each attempt.
        self.timeout = max(connect_timeout, request_timeout)
        self.max_backoff = max_backoff
        self.close_timeout = close_timeout
        self.on_alerts = on_alerts
        self._queue = queue.Queue(maxsize=queue_capacity)
        self._lock = threading.Lock()
        self._taken = self._pushed = self._dropped = self._failed = 0
        self._firing = None
        self._rejected_logged = False
        self._pending = []  # the batch being sent; retried until accepted or dropped
        self._closing = threading.Event()
        self._stopped = False
        self._finished = False
        self._thread = threading.Thread(target=self._loop, name="neuronwatch-push", daemon=True)
        self._thread.start()

    # -- training thread ----------------------------------------------------------------------

    def offer(self, sample):
        """Queues one sample; drops and counts it when the queue is full. Never blocks."""
        with self._lock:
            self._taken += 1
        try:
            self._queue.put_nowait(sample)
        except queue.Full:
            with self._lock:
                self._dropped += 1

    def counters(self):
        """The agent counters as the wire names them."""
        with self._lock:
            return {"samplesTaken": self._taken, "samplesPushed": self._pushed,
                    "samplesDropped": self._dropped, "pushesFailed": self._failed}

    @property
    def firing(self):
        """The run's firing alerts according to the last accepted push (a list of dicts)."""
        return list(self._firing or [])

    def close(self, finished=True):
        """Flushes what is queued (marking the run finished when ``finished``) and returns within
        ``close_timeout`` seconds, even with the server down; what is left is counted dropped."""
        self._finished = finished
        self._closing.set()
        self._thread.join(self.close_timeout)
        self._stopped = True
        if self._thread.is_alive():
            LOG.warning("neuronwatch: server did not take the last samples within %.1fs",
                        self.close_timeout)
        # The thread may still be inside one request; count what it holds and what is queued.
        with self._lock:
            left = len(self._pending) + self._queue.qsize()
            self._pending = []
            self._dropped += left
            while not self._queue.empty():
                self._queue.get_nowait()

    # -- push thread --------------------------------------------------------------------------

    def _loop(self):
        backoff = 0.0
        sent_finished = False
        while not self._stopped:
            closing = self._closing.is_set()
            if not closing:
                self._closing.wait(backoff or self.flush_interval)
                closing = self._closing.is_set()
            with self._lock:
                if not self._pending:
                    self._pending = self._drain()
                batch = list(self._pending)
            finishing = closing and self._queue.empty() and self._finished
            if not batch and not (finishing and not sent_finished):
                if closing and self._queue.empty():
                    return
                backoff = 0.0
                continue
            try:
                self._send(batch, finishing)
                with self._lock:
                    if self._pending is not None and self._pending[:len(batch)] == batch:
                        self._pending = self._pending[len(batch):]
                        self._pushed += len(batch)
                sent_finished = sent_finished or finishing
                backoff = 0.0
            except _Retry as e:
                with self._lock:
                    self._failed += 1
                base = min(self.max_backoff, max(0.1, backoff * 2 or 0.2))
                backoff = e.retry_after if e.retry_after is not None else base
                backoff = min(self.max_backoff, backoff) * random.uniform(0.8, 1.2)
                LOG.debug("neuronwatch: push failed (%s), retrying in %.2fs", e, backoff)
                if closing:
                    # close() waits at most close_timeout; keep trying until then.
                    time.sleep(min(backoff, 0.5))
            except _Reject as e:
                with self._lock:
                    self._failed += 1
                    if self._pending[:len(batch)] == batch:
                        self._pending = self._pending[len(batch):]
                        self._dropped += len(batch)
                if not self._rejected_logged:
                    self._rejected_logged = True
                    LOG.warning("neuronwatch: the server rejected a push: %s", e)
                sent_finished = sent_finished or finishing
            except Exception:  # never let the push thread die
                LOG.exception("neuronwatch: unexpected push error")
                with self._lock:
                    self._failed += 1
                    self._dropped += len(self._pending)
                    self._pending = []
                backoff = 1.0

    def _drain(self):
        batch = []
        while len(batch) < self.max_samples_per_push:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        batch.sort(key=lambda s: s["step"])
        unique = []
        for sample in batch:  # steps must increase within a push
            if unique and sample["step"] <= unique[-1]["step"]:
                with self._lock:
                    self._dropped += 1
                continue
            unique.append(sample)
        return unique

    def _send(self, batch, finished):
        body = {"run": self.run, "samples": batch, "agent": self.counters(), "finished": finished}
        data = json.dumps(body, allow_nan=False, separators=(",", ":")).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8") or "{}")
        except urllib.error.HTTPError as e:
            reason = _reason(e)
            if e.code == 429 or e.code >= 500:
                raise _Retry("HTTP %d %s" % (e.code, reason), _retry_after(e)) from None
            raise _Reject("HTTP %d %s" % (e.code, reason)) from None
        except (urllib.error.URLError, OSError, ValueError) as e:
            raise _Retry(str(e)) from None
        self._deliver(answer.get("firing") or [])

    def _deliver(self, firing):
        def key(alerts):
            return sorted((a.get("name"), a.get("layer"), a.get("state")) for a in alerts or [])
        changed = key(firing) != key(self._firing)
        self._firing = firing
        if not changed:
            return
        if self.on_alerts is not None:
            try:
                self.on_alerts(list(firing))
            except Exception:
                LOG.exception("neuronwatch: the on_alerts callback failed")


def _reason(error):
    try:
        return error.read().decode("utf-8", "replace")[:300]
    except Exception:
        return ""


def _retry_after(error):
    try:
        return max(0.0, float(error.headers.get("Retry-After")))
    except (TypeError, ValueError):
        return None
