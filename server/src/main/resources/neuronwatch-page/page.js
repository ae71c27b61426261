// The Neuronwatch page: polls the read API of the server that served it, one poll at a time and
// one request at a time, every POLL_MS while the tab is visible. Each poll reads the runs list and
// the chosen run's alerts; the chosen run's series are read only when its sample count or last
// step moved, and then only from the last step held on (see seriesCache), so a poll of a run that
// is not moving costs two small requests whatever the number of layers. The read token is asked for on a
// 401 or taken from the URL fragment (#token=...), kept in this tab's sessionStorage and sent as a
// bearer header; it never goes into a URL the server would log.
(function () {
  'use strict';
  const POLL_MS = 2000;
  const $ = (id) => document.getElementById(id);
  const charts = new Map(); // metric -> {el, body, plot, key, view, std, events}
  let selected = null;
  let runs = [];
  let token = sessionStorage.getItem('neuronwatch.token');
  let events = [];
  let timer = null;
  let polling = false;
  let pollAgain = false;

  readFragment();
  window.addEventListener('hashchange', () => { readFragment(); poll(); });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });
  window.addEventListener('resize', () => { charts.forEach((c) => c.plot && c.plot.setSize(size(c.el))); drawHeat(); });
  $('filter').addEventListener('input', renderRuns);
  $('heat-metric').addEventListener('change', () => poll());
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    token = $('token').value.trim() || null;
    if (token) sessionStorage.setItem('neuronwatch.token', token); else sessionStorage.removeItem('neuronwatch.token');
    $('token-form').hidden = true;
    poll();
  });

  function readFragment() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.has('token')) {
      token = params.get('token');
      sessionStorage.setItem('neuronwatch.token', token);
      params.delete('token');
      history.replaceState(null, '', location.pathname + (params.toString() ? '#' + params : ''));
    }
    selected = params.get('run');
  }

  class HttpError extends Error {
    constructor(status, body) { super((body && body.error) || ('HTTP ' + status)); this.status = status; this.body = body; }
  }

  async function getJson(path) {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { headers, cache: 'no-store' });
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) throw new HttpError(response.status, body);
    const date = Date.parse(response.headers.get('Date') || '');
    return { body, serverNow: Number.isNaN(date) ? Date.now() : date };
  }

  // One poll at a time: a poll asked for while one is under way (a click, a hash change) runs as
  // soon as it ends, so two polls never interleave their requests or paint each other's run.
  async function poll() {
    clearTimeout(timer);
    if (polling) { pollAgain = true; return; }
    if (document.hidden) return;
    polling = true;
    try {
      await pollOnce();
    } finally {
      polling = false;
      document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);
    }
    if (pollAgain) {
      pollAgain = false;
      poll();
      return;
    }
    timer = setTimeout(poll, POLL_MS);
  }

  async function pollOnce() {
    try {
      const listed = await getJson('/api/v1/runs');
      runs = listed.body;
      setStatus('live · ' + runs.length + ' run' + (runs.length === 1 ? '' : 's') + ' · updated ' + new Date().toLocaleTimeString(), false);
      if (!selected && runs.length) selected = runs[0].run;
      renderRuns();
      await showRun();
    } catch (e) {
      if (e.status === 401) {
        $('token-form').hidden = false;
        setStatus('this server needs a read token', true);
      } else {
        setStatus('cannot reach the server: ' + e.message, true);
      }
    }
  }

  function setStatus(text, error) {
    $('status').textContent = text;
    $('status').classList.toggle('error', error);
  }

  function renderRuns() {
    const filter = $('filter').value.trim().toLowerCase();
    const body = $('runs').tBodies[0];
    const rows = [];
    for (const run of runs) {
      if (filter && !run.run.toLowerCase().includes(filter)) continue;
      const tr = document.createElement('tr');
      tr.dataset.run = run.run;
      if (run.run === selected) tr.classList.add('selected');
      const name = cell(tr, run.run, 'name');
      name.title = run.run;
      if (run.firingAlerts > 0) {
        const fire = document.createElement('span');
        fire.className = 'fire';
        fire.textContent = run.firingAlerts;
        fire.title = run.firingAlerts + ' firing';
        name.appendChild(fire);
      }
      badge(cell(tr, ''), run.state);
      cell(tr, run.lastStep == null ? '–' : run.lastStep, 'num');
      cell(tr, run.loss == null ? '–' : fmt(run.loss), 'num');
      tr.addEventListener('click', () => { location.hash = 'run=' + encodeURIComponent(run.run); });
      rows.push(tr);
    }
    body.replaceChildren(...rows);
    $('runs-empty').hidden = runs.length > 0;
  }

  async function showRun() {
    if (!selected) {
      message(runs.length ? null : 'No runs yet. Start a training with the agent pointed at this server, e.g. ./neuronwatch train --scenario dying-relu');
      return;
    }
    const run = runs.find((r) => r.run === selected);
    if (!run) {
      message("No run named '" + selected + "' on this server. It may have ended and been removed, or the name is wrong; pick one from the list.");
      return;
    }
    message(null);
    $('run-name').textContent = run.run;
    badge($('run-state'), run.state);
    $('run-facts').textContent = 'step ' + (run.lastStep == null ? '–' : run.lastStep) +
      ' · loss ' + (run.loss == null ? '–' : fmt(run.loss)) + ' · ' + run.samples + ' samples · ' + run.layers.length + ' layers';
    try {
      const alerts = await getJson('/api/v1/alerts?run=' + encodeURIComponent(run.run));
      const loss = await seriesCache.read(run, 'loss');
      events = loss.events;
      renderAlerts(alerts.body, alerts.serverNow);
      plot('loss', loss);
      for (const metric of ['dead_units_ratio', 'saturation_ratio', 'gradient_weight_norm', 'update_ratio']) {
        plot(metric, await seriesCache.read(run, metric));
      }
      const mean = await seriesCache.read(run, 'activation_mean');
      const std = await seriesCache.read(run, 'activation_stddev');
      plot('activation_mean', mean, std);
      const chosen = await seriesCache.read(run, $('heat-metric').value);
      if (chosen !== heat) {
        heat = chosen;
        drawHeat();
      }
    } catch (e) {
      if (e.status === 404) {
        message("No run named '" + selected + "' on this server any more.");
        return;
      }
      throw e;
    }
  }

  // The chosen run's series as last read, one entry per statistic, mirroring the server's history
  // row for row. A statistic is read again only when the run's sample count or last step moved
  // since, and then only from the last step held on: the server's rows before it are complete and
  // never change until the history compacts, which doubles the stride. Only the newest row can
  // change in place (it holds the latest of its stride's samples), so the held points from that
  // step on are replaced by the answer. A changed stride, a new layer or a run that restarted
  // under the same name is read again from the start. What is held never exceeds the server's
  // bound (TrainingHistory.DEFAULT_POINTS points per statistic).
  const seriesCache = {
    held: new Map(), // metric -> view plus {key, version}

    async read(run, metric) {
      const version = run.samples + ':' + run.lastStep;
      const held = this.held.get(metric);
      const same = held && held.key === run.run && run.samples >= held.samples;
      if (same && held.version === version) return held;
      const base = '/api/v1/runs/' + encodeURIComponent(run.run).replace(/%2F/g, '/') + '/series?metric=' + metric;
      let view = null;
      if (same && held.steps.length > 0) {
        const from = held.steps[held.steps.length - 1];
        const tail = (await getJson(base + '&from=' + from)).body;
        view = appended(held, tail, from);
      }
      if (!view) view = (await getJson(base)).body;
      view.key = run.run;
      view.samples = run.samples;
      view.version = version;
      this.held.set(metric, view);
      return view;
    },
  };

  // The held view with the server's rows from step `from` on in place of its own, or null when
  // the tail does not continue it (the stride changed, the layers differ, the run restarted).
  function appended(held, tail, from) {
    if (tail.stride !== held.stride || tail.steps.length === 0 || tail.steps[0] < from) return null;
    if (tail.series.length !== held.series.length ||
        tail.series.some((line, i) => line.layer !== held.series[i].layer)) return null;
    const keep = held.steps.length - 1;
    return Object.assign({}, tail, {
      steps: held.steps.slice(0, keep).concat(tail.steps),
      series: held.series.map((line, i) => Object.assign({}, line, {
        values: line.values.slice(0, keep).concat(tail.series[i].values),
      })),
    });
  }

  function message(text) {
    $('message').hidden = !text;
    $('message').textContent = text || '';
    $('run').hidden = !!text || !selected;
  }

  function renderAlerts(alerts, serverNow) {
    const order = { firing: 0, pending: 1, resolved: 2 };
    alerts.sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name) || a.layer.localeCompare(b.layer));
    const rows = alerts.map((a) => {
      const tr = document.createElement('tr');
      tr.dataset.alert = a.name;
      tr.dataset.layer = a.layer;
      cell(tr, a.name).title = a.summary;
      cell(tr, a.layer || '(run)');
      badge(cell(tr, ''), a.state);
      cell(tr, fmt(a.value) + (a.threshold != null ? ' / ' + fmt(a.threshold) : ''), 'num').title =
        a.threshold != null ? 'value / threshold' : 'value';
      const since = cell(tr, ago(a.since, serverNow));
      since.title = a.since;
      const onset = events.find((e) => e.alert === a.name && e.layer === a.layer && e.state === 'firing');
      cell(tr, a.step != null ? a.step : (onset ? onset.step : '–'), 'num');
      const runbook = cell(tr, '');
      if (a.runbook) {
        const link = document.createElement('a');
        link.href = a.runbook;
        link.textContent = 'runbook';
        link.rel = 'noreferrer noopener';
        link.target = '_blank';
        runbook.appendChild(link);
      } else {
        runbook.textContent = '–';
      }
      if (a.origin) tr.title = 'non-finite origin: ' + JSON.stringify(a.origin);
      return tr;
    });
    $('alerts').tBodies[0].replaceChildren(...rows);
    $('alerts').hidden = alerts.length === 0;
    $('alerts-empty').hidden = alerts.length > 0;
  }

  // Depth colours: a viridis-like ramp from the input layer to the output layer.
  const RAMP = [[124, 92, 214], [64, 120, 200], [33, 160, 150], [94, 201, 98], [253, 231, 37]];
  function ramp(t) {
    const x = Math.min(Math.max(t, 0), 1) * (RAMP.length - 1);
    const i = Math.min(Math.floor(x), RAMP.length - 2);
    const f = x - i;
    const c = RAMP[i].map((v, k) => Math.round(v + (RAMP[i + 1][k] - v) * f));
    return c;
  }
  function layerColour(index, count, alpha) {
    const c = ramp(count <= 1 ? 0.5 : index / (count - 1));
    return alpha == null ? 'rgb(' + c + ')' : 'rgba(' + c + ',' + alpha + ')';
  }

  function size(el) {
    return { width: Math.max(el.clientWidth - 20, 200), height: 210 };
  }

  function plot(metric, view, stdView) {
    const c = chart(metric);
    if (c.view === view && c.std === stdView) return; // nothing new since the last poll
    c.view = view;
    c.std = stdView;
    const log = c.el.dataset.log === '1';
    const data = [view.steps];
    const series = [{ label: 'step' }];
    const bands = [];
    const n = view.series.length;
    let points = 0;
    view.series.forEach((line, i) => {
      const values = line.values.map((v) => (v == null || (log && v <= 0) ? null : v));
      points += values.filter((v) => v != null).length;
      data.push(values);
      const colour = metric === 'loss' ? '#7aa2ff' : layerColour(i, n);
      series.push({ label: line.layer || 'loss', stroke: colour, width: 1.5, spanGaps: true,
        points: { show: view.steps.length < 40 } });
      if (stdView) {
        const std = stdView.series.find((s) => s.layer === line.layer);
        const band = (sign) => values.map((v, k) => (v == null || !std || std.values[k] == null ? null : v + sign * std.values[k]));
        data.push(band(1), band(-1));
        const fill = layerColour(i, n, 0.12);
        series.push({ label: line.layer + ' +σ', stroke: 'transparent', spanGaps: true, points: { show: false } },
          { label: line.layer + ' −σ', stroke: 'transparent', spanGaps: true, points: { show: false } });
        bands.push({ series: [series.length - 2, series.length - 1], fill });
      }
    });
    c.el.dataset.points = String(points);
    c.events = metric === 'loss' ? view.events : view.events.filter((e) => (MARKED[metric] || []).includes(e.alert));
    if (view.series.length === 0 || view.steps.length === 0 || points === 0) {
      if (c.plot) { c.plot.destroy(); c.plot = null; c.key = null; }
      c.el.dataset.marks = '0';
      c.body.replaceChildren(emptyNote(metric));
      return;
    }
    const key = series.map((s) => s.label).join('|');
    if (c.plot && c.key === key) {
      c.plot.setData(data);
      return;
    }
    if (c.plot) c.plot.destroy();
    c.body.replaceChildren();
    const axis = { stroke: '#8b93a7', grid: { stroke: '#262b38', width: 1 }, ticks: { stroke: '#262b38' } };
    c.plot = new uPlot({
      ...size(c.el),
      series,
      bands,
      scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
      axes: [Object.assign({ label: 'training step', labelSize: 18 }, axis),
        Object.assign({ size: 62, values: (u, vals) => vals.map((v) => (v == null ? '' : fmt(v))),
          // On a log axis keep only the powers of ten: the minor splits crowd the grid.
          filter: log ? powersOfTen : undefined }, axis)],
      legend: { show: !stdView && n <= 12 },
      cursor: { drag: { x: true, y: false } },
      hooks: { draw: [(u) => { c.el.dataset.marks = String(drawEvents(u, c.events)); }] },
    }, data, c.body);
    c.key = key;
  }

  // Keeps the powers of ten among a log axis' splits, every k-th one when they span many decades.
  function powersOfTen(u, splits) {
    const decades = splits.map((v) => Math.log10(v)).filter((e) => Math.abs(e - Math.round(e)) < 1e-9);
    const k = Math.max(1, Math.ceil(decades.length / 6));
    return splits.map((v) => {
      const e = Math.log10(v);
      return Math.abs(e - Math.round(e)) < 1e-9 && Math.round(e) % k === 0 ? v : null;
    });
  }

  function emptyNote(metric) {
    const p = document.createElement('div');
    p.className = 'empty';
    p.textContent = {
      dead_units_ratio: 'no ReLU-family layer in this run',
      saturation_ratio: 'no sigmoid, tanh or softmax layer in this run',
      gradient_weight_norm: 'the agent was not handed gradients',
      update_ratio: 'the agent was not handed updates',
    }[metric] || 'no data yet';
    return p;
  }

  function chart(metric) {
    let c = charts.get(metric);
    if (!c) {
      const el = document.querySelector('.chart[data-metric="' + metric + '"]');
      const title = document.createElement('div');
      title.className = 'title';
      title.textContent = el.dataset.title;
      const body = document.createElement('div');
      el.replaceChildren(title, body);
      c = { el, body, plot: null, key: null, view: null, std: null, events: [] };
      charts.set(metric, c);
    }
    return c;
  }

  // The alerts whose onsets each per-layer chart marks: those that read that statistic. The loss
  // chart marks every alert of the run.
  const MARKED = {
    dead_units_ratio: ['NeuronwatchDyingRelu'],
    saturation_ratio: ['NeuronwatchSaturatedActivations'],
    activation_mean: ['NeuronwatchSaturatedActivations', 'NeuronwatchNonFiniteValues'],
    gradient_weight_norm: ['NeuronwatchVanishingGradient', 'NeuronwatchExplodingGradient', 'NeuronwatchNonFiniteValues'],
    update_ratio: ['NeuronwatchFrozenLayer', 'NeuronwatchExplodingGradient'],
  };

  // Draws a dashed line at each alert event's step; answers how many fell inside the plot.
  function drawEvents(u, marks) {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.lineWidth = Math.max(1, devicePixelRatio);
    ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
    let drawn = 0;
    for (const e of marks) {
      const x = Math.round(u.valToPos(e.step, 'x', true));
      if (x < left || x > left + width) continue;
      drawn++;
      ctx.strokeStyle = ctx.fillStyle = e.state === 'firing' ? '#ff5c64' : '#3ccf8e';
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    }
    ctx.restore();
    return drawn;
  }

  let heat = null;
  function drawHeat() {
    const canvas = $('heat');
    if (!heat || canvas.offsetParent === null) return;
    const ratio = devicePixelRatio || 1;
    canvas.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = Math.round(canvas.clientHeight * ratio);
    const ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const log = /norm|update/.test(heat.metric);
    const value = (v) => (v == null || (log && v <= 0) ? null : (log ? Math.log10(v) : v));
    // Only the layers that have the statistic: no empty row for the output under dead-unit ratio.
    const lines = heat.series.filter((line) => line.values.some((v) => value(v) != null));
    const steps = heat.steps;
    let lo = Infinity;
    let hi = -Infinity;
    for (const line of lines) for (const v of line.values) {
      const x = value(v);
      if (x != null) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
    }
    canvas.dataset.metric = heat.metric;
    canvas.dataset.rows = String(lines.length);
    canvas.dataset.cells = String(lines.length * steps.length);
    if (!lines.length || !steps.length || lo === Infinity) {
      $('heat-scale').textContent = 'no data for this statistic';
      return;
    }
    if (hi === lo) hi = lo + 1;
    const label = 110 * ratio;
    const w = (canvas.width - label) / steps.length;
    const h = canvas.height / lines.length;
    ctx.font = (11 * ratio) + 'px sans-serif';
    ctx.textBaseline = 'middle';
    // The output layer on top, the input layer at the bottom, as the network is usually drawn.
    lines.forEach((line, row) => {
      const y = (lines.length - 1 - row) * h;
      ctx.fillStyle = '#8b93a7';
      if (h >= 9 * ratio) ctx.fillText(line.layer, 4 * ratio, y + h / 2, label - 8 * ratio);
      line.values.forEach((v, col) => {
        const x = value(v);
        ctx.fillStyle = x == null ? '#1b1f2a' : 'rgb(' + ramp((x - lo) / (hi - lo)) + ')';
        ctx.fillRect(label + col * w, y, Math.ceil(w), Math.ceil(h));
      });
    });
    const range = log ? '10^' + lo.toFixed(1) + ' … 10^' + hi.toFixed(1) : fmt(lo) + ' … ' + fmt(hi);
    $('heat-scale').textContent = 'steps ' + steps[0] + '–' + steps[steps.length - 1] + ' · violet ' + range + ' yellow';
  }

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function badge(el, state) {
    el.replaceChildren();
    const span = document.createElement('span');
    span.className = 'badge state-' + state;
    span.textContent = state;
    el.appendChild(span);
  }

  function fmt(v) {
    if (v == null || !Number.isFinite(v)) return '–';
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
    return Number(v.toPrecision(3)).toString();
  }

  // How long before the server's clock (its Date header), so a skewed client clock does not matter.
  function ago(iso, now) {
    const s = Math.round((now - Date.parse(iso)) / 1000);
    if (!Number.isFinite(s)) return iso;
    if (s < 60) return Math.max(s, 0) + ' s ago';
    if (s < 3600) return Math.round(s / 60) + ' min ago';
    return Math.round(s / 3600) + ' h ago';
  }

  poll();
})();
