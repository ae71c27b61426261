#!/usr/bin/env python3
"""Training-step time with and without Neuronwatch attached, on models of realistic size.

For each model, the same training loop runs with no monitor, with a monitor attached that never
samples, with ``sample_every=10`` and with ``sample_every=1``; the four are interleaved over several rounds (so that a change of machine load
hits all of them alike) and the median step time of each is reported, with its overhead over no
monitor. The monitor pushes to a sink server in a separate process (started here, or ``--server``).

Example::

    python3 benchmarks/overhead.py --rounds 5 --steps 40
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from neuronwatch_torch import Monitor  # noqa: E402

SINK = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        data = json.dumps({"accepted": len(body["samples"]), "firing": []}).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)
    def log_message(self, *a): pass
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""


def mlp():
    """4 x 1024 ReLU MLP on 1024 inputs, 10 classes: 4.2 M parameters."""
    layers, size = [], 1024
    for _ in range(4):
        layers += [nn.Linear(size, 1024), nn.ReLU()]
        size = 1024
    return nn.Sequential(*layers, nn.Linear(1024, 10)), (64, 1024)


class Cnn(nn.Module):
    """Four 3x3 conv layers with batch norm and functional ReLU, 32x32x3 inputs: 1.0 M parameters."""

    def __init__(self):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(3, 64, 3, padding=1), nn.BatchNorm2d(64)
        self.c2, self.b2 = nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128)
        self.c3, self.b3 = nn.Conv2d(128, 256, 3, padding=1), nn.BatchNorm2d(256)
        self.c4, self.b4 = nn.Conv2d(256, 256, 3, padding=1), nn.BatchNorm2d(256)
        self.fc = nn.Linear(256, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.b1(self.c1(x))), 2)
        x = F.max_pool2d(F.relu(self.b2(self.c2(x))), 2)
        x = F.max_pool2d(F.relu(self.b3(self.c3(x))), 2)
        x = F.relu(self.b4(self.c4(x)))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


def cnn():
    return Cnn(), (32, 3, 32, 32)


MODELS = {"mlp-4x1024": mlp, "cnn-4conv": cnn}


def timed_steps(model, shape, monitor, steps, first_step):
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    x = torch.randn(*shape)
    y = torch.randint(0, 10, (shape[0],))
    times, cpu = [], []
    for step in range(first_step, first_step + steps):
        started, started_cpu = time.perf_counter(), time.thread_time()
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        if monitor is not None:
            monitor.before_optimizer_step()
        optimizer.step()
        if monitor is not None:
            monitor.end_step(step, loss)
        times.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
    return times, cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", choices=sorted(MODELS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=40, help="timed steps per round and setting")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument("--server", default=None, help="default: a sink in a child process")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    sink = None
    server = args.server
    if server is None:
        sink = subprocess.Popen([sys.executable, "-c", SINK], stdout=subprocess.PIPE, text=True)
        server = "http://127.0.0.1:%s" % sink.stdout.readline().strip()
    # "attached" never samples: what the hooks cost on the steps that are not sampled
    settings = [("none", None), ("attached", 10 ** 9), ("sample_every=10", 10),
                ("sample_every=1", 1)]
    results = {}
    try:
        for name in args.model or sorted(MODELS):
            torch.manual_seed(0)
            model, shape = MODELS[name]()
            params = sum(p.numel() for p in model.parameters())
            times = {label: [] for label, _ in settings}
            cpu = {label: [] for label, _ in settings}
            process_cpu = {label: 0.0 for label, _ in settings}
            timed_steps(model, shape, None, 5, 1)  # warm-up
            for _ in range(args.rounds):
                for label, every in settings:
                    monitor = None if every is None else Monitor(
                        model, run="bench-%s" % name, server=server, sample_every=every)
                    # start at a step just after a multiple of 10: every setting sees the same
                    # number of sampled steps per round for sample_every=10 (4 in 40)
                    started = time.process_time()
                    wall, thread = timed_steps(model, shape, monitor, args.steps, 1)
                    if monitor is not None:
                        monitor.close()
                    process_cpu[label] += time.process_time() - started
                    times[label] += wall
                    cpu[label] += thread
            base = statistics.median(times["none"])
            base_cpu = statistics.median(cpu["none"])
            base_process = process_cpu["none"]
            row = {"parameters": params}
            for label, _ in settings:
                median = statistics.median(times[label])
                median_cpu = statistics.median(cpu[label])
                steps = len(cpu[label])
                row[label] = {
                    "wall_median_ms": round(median * 1e3, 2),
                    "wall_overhead_pct": round((median / base - 1) * 100, 1),
                    "cpu_median_ms": round(median_cpu * 1e3, 2),
                    "cpu_overhead_pct": round((median_cpu / base_cpu - 1) * 100, 1),
                    "process_cpu_per_step_ms": round(process_cpu[label] / steps * 1e3, 2),
                    "process_cpu_overhead_pct": round(
                        (process_cpu[label] / base_process - 1) * 100, 1)}
            results[name] = row
            print("%s (%.2f M parameters), %d steps per setting" % (
                name, params / 1e6, len(cpu["none"])))
            for label, _ in settings:
                r = row[label]
                print("  %-16s wall median %8.2f ms (%+6.1f%%)  training-thread CPU median "
                      "%8.2f ms (%+6.1f%%)  process CPU per step %8.2f ms (%+6.1f%%)" % (
                          label, r["wall_median_ms"], r["wall_overhead_pct"],
                          r["cpu_median_ms"], r["cpu_overhead_pct"],
                          r["process_cpu_per_step_ms"], r["process_cpu_overhead_pct"]),
                      flush=True)
    finally:
        if sink is not None:
            sink.terminate()
            sink.wait()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
