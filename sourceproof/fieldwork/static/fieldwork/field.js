/* sourceproof · the inspector's phone screen.
 *
 * What the screen shows = the server's last state (embedded in the page, or the newer copy
 * kept in localStorage) + every queued operation the state does not contain yet (the state
 * lists the op_ids it contains). So nothing typed or photographed disappears on a reload,
 * online or not; the outbox (outbox.js) sends the operations when it can.
 *
 * Typing is kept as a draft in localStorage on every keystroke, and becomes an operation
 * when the field is left (change event), a result is tapped, or the screen moves on.
 * All sentences come translated from the page (JSON script tag "field-texts").
 */
(function () {
  "use strict";

  var script = document.getElementById("field-script");

  // ---------------------------------------------------------------- service worker

  function registerServiceWorker() {
    if (!script || !("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.register(script.dataset.sw, { scope: script.dataset.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = [location.href.split("#")[0]];
      (performance.getEntriesByType("resource") || []).forEach(function (entry) {
        if (entry.name.indexOf(location.origin + "/static/") === 0) { urls.push(entry.name); }
      });
      var worker = registration.active || navigator.serviceWorker.controller;
      if (worker) { worker.postMessage({ type: "cache", urls: urls }); }
    }).catch(function (error) {
      console.warn("Service worker not registered:", error);
    });
  }

  registerServiceWorker();

  var root = document.getElementById("field");
  if (!root) { return; }

  // ---------------------------------------------------------------- data

  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }

  var config = readJson("field-config");
  var T = readJson("field-texts");
  var embedded = readJson("field-state");
  var RN = config.report_number;
  // Keyed by user too: on a shared phone, one inspector's queue is never sent as another's.
  var OWNER = RN + "@" + config.user;
  var KEY = "sourceproof-field:" + OWNER + ":";

  function fmt(text, params) {
    return String(text).replace(/%\((\w+)\)s/g, function (_, name) {
      return params && params[name] !== undefined ? params[name] : "";
    });
  }

  function load(name, fallback) {
    try {
      var raw = localStorage.getItem(KEY + name);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) { return fallback; }
  }

  function save(name, value) {
    try { localStorage.setItem(KEY + name, JSON.stringify(value)); } catch (e) { /* full: the outbox still has it */ }
  }

  function newer(a, b) { return Date.parse(a.as_of) > Date.parse(b.as_of); }

  var snapshot = (function () {
    var kept = load("snapshot", null);
    return kept && kept.report_number === RN && newer(kept, embedded) ? kept : embedded;
  })();
  save("snapshot", snapshot);

  var ui = load("ui", { index: 0 });
  var drafts = load("drafts", { note: {}, measurements: {}, remarks: null });
  var shownCounters = {};            // codes picked this session (shown even at zero)
  var blobUrls = {};                 // op_id -> object URL of a queued photo
  var typeByCode = {};
  snapshot.defect_types.forEach(function (t) { typeByCode[t.code] = t; });

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function setSnapshot(state) {
    if (!state || state.report_number !== RN) { return; }
    if (!newer(state, snapshot) && state.as_of !== snapshot.as_of) { return; }
    snapshot = state;
    state.defect_types.forEach(function (t) { typeByCode[t.code] = t; });
    save("snapshot", snapshot);
    render();
  }

  var outbox = new window.FieldOutbox({
    inspection: OWNER,
    urls: config.urls,
    csrf: csrf,
    texts: T,
    onState: setSnapshot
  });

  /* A write to the phone's storage can fail (quota reached, storage cleared): say so at
   * once, so that nobody walks away believing the work is kept. */
  function storageFailed(error) {
    console.error(error);
    var box = el('[data-role="outbox-error"]');
    box.hidden = false;
    box.textContent = T.storage_full;
    window.alert(T.storage_full);
  }

  function queue(kind, payload, blob) {
    return outbox.add(kind, payload, blob).catch(storageFailed);
  }

  function queueLatest(kind, targetKey, payload) {
    return outbox.upsert(kind, targetKey, payload).catch(storageFailed);
  }

  // ---------------------------------------------------------------- decimals (exact)

  function parseDecimal(text) {
    var s = String(text === null || text === undefined ? "" : text).trim().replace(",", ".");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) { return null; }
    var negative = s.charAt(0) === "-";
    s = s.replace(/^[+-]/, "");
    var parts = s.split(".");
    return { negative: negative, whole: parts[0] || "0", fraction: parts[1] || "" };
  }

  function scaled(d, scale) {
    var fraction = (d.fraction + new Array(scale + 1).join("0")).slice(0, scale);
    var value = BigInt(d.whole + fraction);
    return d.negative ? -value : value;
  }

  /* true: out of tolerance; false: within; null: not a number (or no tolerance). */
  function outOfTolerance(value, nominal, tolerance) {
    var v = parseDecimal(value);
    var n = parseDecimal(nominal);
    var t = parseDecimal(tolerance);
    if (!v || !n || !t) { return null; }
    var scale = Math.max(v.fraction.length, n.fraction.length, t.fraction.length);
    var diff = scaled(v, scale) - scaled(n, scale);
    if (diff < BigInt(0)) { diff = -diff; }
    return diff > scaled(t, scale);
  }

  // ---------------------------------------------------------------- the view

  function copy(value) { return JSON.parse(JSON.stringify(value)); }

  /* The state as the inspector sees it: the snapshot plus the operations it lacks. */
  function view() {
    var v = copy(snapshot);
    v.byKey = {};
    v.checkpoints.forEach(function (cp) { v.byKey[cp.key] = cp; });
    v.pendingPhotos = [];
    v.submit = null;
    var applied = new Set(snapshot.applied_ops || []);
    outbox.ops.forEach(function (op) {
      if (op.kind === "submit") { v.submit = op; }
      if (op.status === "rejected" || applied.has(op.op_id)) { return; }
      apply(v, op);
    });
    return v;
  }

  function apply(v, op) {
    var p = op.payload;
    if (op.kind === "result") {
      var cp = v.byKey[p.key];
      if (!cp) { return; }
      if (p.measurements !== undefined) { cp.measurements = p.measurements; }
      if (p.status) {
        cp.status = p.status;
      } else if (p.measurements !== undefined && cp.kind === "measurement") {
        cp.status = p.measurements.length ? "pass" : "not_checked";
      }
      if (p.note !== undefined) { cp.note = p.note; }
    } else if (op.kind === "defect_adjust") {
      v.counters[p.defect_type] = Math.max(0, (v.counters[p.defect_type] || 0) + p.delta);
    } else if (op.kind === "remarks") {
      v.remarks = p.remarks;
    } else if (op.kind === "photo") {
      var known = v.checkpoints.some(function (c) {
        return c.photos.some(function (ph) { return ph.client_uid === op.op_id; });
      }) || Object.keys(v.counter_photos).some(function (code) {
        return v.counter_photos[code].some(function (ph) { return ph.client_uid === op.op_id; });
      });
      if (!known) { v.pendingPhotos.push(op); }
    }
  }

  function draftMeasurements(key, cp) {
    if (drafts.measurements[key]) { return drafts.measurements[key]; }
    return (cp.measurements || []).map(function (m) {
      return { unit: m.unit === null || m.unit === undefined ? "" : String(m.unit), value: String(m.value) };
    });
  }

  function cleanMeasurements(rows) {
    return rows.filter(function (r) { return String(r.value).trim() !== ""; }).map(function (r) {
      var unit = String(r.unit || "").trim();
      return { unit: unit === "" ? null : parseInt(unit, 10), value: String(r.value).trim() };
    });
  }

  /* Units found nonconforming per class on this phone: the server's units outside the
   * counters + the counters + measured values out of tolerance (a numbered unit once). */
  function localCounts(v) {
    var counts = {};
    var units = {};
    (v.classes || []).forEach(function (c) {
      counts[c.name] = (v.base_nonconforming || {})[c.name] || 0;
      units[c.name] = new Set();
    });
    Object.keys(v.counters).forEach(function (code) {
      var type = typeByCode[code];
      if (type && counts[type.class] !== undefined) { counts[type.class] += v.counters[code]; }
    });
    v.checkpoints.forEach(function (cp) {
      if (cp.kind !== "measurement") { return; }
      var rows = drafts.measurements[cp.key] ? cleanMeasurements(drafts.measurements[cp.key]) : cp.measurements;
      rows.forEach(function (m) {
        if (outOfTolerance(m.value, cp.nominal, cp.tolerance) !== true) { return; }
        var cls = cp.defect_class;
        if (counts[cls] === undefined) { return; }
        if (m.unit) {
          if (!units[cls].has(m.unit)) { units[cls].add(m.unit); counts[cls] += 1; }
        } else {
          counts[cls] += 1;
        }
      });
    });
    return counts;
  }

  /* The same rule as the server's pure verdict: fail if a class reaches its rejection
   * number or a checkpoint failed; else pending while a checkpoint is open; else pass. */
  function localVerdict(v) {
    if (!v.plan) { return null; }
    var counts = localCounts(v);
    var classes = v.plan.classes.map(function (c) {
      var n = counts[c.name] || 0;
      return { name: c.name, label: c.label, n: n, accept: c.accept, reject: c.reject,
               zero: c.zero_acceptance, accepted: n <= c.accept };
    });
    var outcome = "pass";
    var open = v.checkpoints.filter(function (cp) {
      return cp.status === "not_checked" || cp.status === "needs_decision";
    });
    if (classes.some(function (c) { return !c.accepted; }) ||
        v.checkpoints.some(function (cp) { return cp.status === "fail"; })) {
      outcome = "fail";
    } else if (open.length) {
      outcome = "pending";
    }
    return { outcome: outcome, classes: classes, counts: counts };
  }

  // ---------------------------------------------------------------- rendering

  var articles = Array.prototype.slice.call(root.querySelectorAll("#checkpoints .cp"));
  var total = snapshot.checkpoints.length;

  function el(selector, scope) { return (scope || root).querySelector(selector); }
  function all(selector, scope) { return Array.prototype.slice.call((scope || root).querySelectorAll(selector)); }

  function thumb(src, pending, attention, href) {
    var figure = document.createElement("figure");
    if (pending) { figure.className = "pending"; }
    if (attention) { figure.className = "attention"; }
    var img = document.createElement("img");
    img.src = src;
    img.alt = T.kind_photo;
    img.width = 72;
    img.height = 54;
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.appendChild(img);
      figure.appendChild(a);
    } else {
      figure.appendChild(img);
    }
    return figure;
  }

  function blobUrl(op) {
    if (!blobUrls[op.op_id] && op.blob) { blobUrls[op.op_id] = URL.createObjectURL(op.blob); }
    return blobUrls[op.op_id] || "";
  }

  function photoNodes(serverPhotos, pendingOps) {
    var nodes = serverPhotos.map(function (p) { return thumb(p.thumbnail_url, false, p.attention, p.url); });
    pendingOps.forEach(function (op) {
      var src = op.status === "sent" && op.result ? op.result.thumbnail_url : blobUrl(op);
      if (src) { nodes.push(thumb(src, op.status !== "sent", false, null)); }
    });
    return nodes;
  }

  function replaceChildren(node, children) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
    children.forEach(function (child) { node.appendChild(child); });
  }

  function renderMeasurements(article, cp) {
    var box = el('[data-role="measurements"]', article);
    if (!box || box.contains(document.activeElement)) { return; }
    var rows = draftMeasurements(cp.key, cp);
    if (!rows.length) { rows = [{ unit: "1", value: "" }]; }
    var template = document.getElementById("tpl-measure");
    replaceChildren(box, rows.map(function (row, index) {
      var node = template.content.firstElementChild.cloneNode(true);
      node.dataset.index = index;
      el('[data-role="unit"]', node).value = row.unit;
      el('[data-role="value"]', node).value = row.value;
      el('[data-role="unit"]', node).max = cp.sample_size || "";
      flagRow(node, cp);
      return node;
    }));
  }

  function flagRow(node, cp) {
    var value = el('[data-role="value"]', node).value;
    var flag = el('[data-role="flag"]', node);
    node.classList.remove("out", "ok");
    if (String(value).trim() === "") { flag.textContent = ""; flag.title = ""; return; }
    var out = outOfTolerance(value, cp.nominal, cp.tolerance);
    if (out === null) {
      flag.textContent = "?";
      flag.title = T.not_a_number;
    } else if (out) {
      node.classList.add("out");
      flag.textContent = "✗";
      flag.title = T.out_of_tolerance;
    } else {
      node.classList.add("ok");
      flag.textContent = "✓";
      flag.title = T.in_tolerance;
    }
    node.setAttribute("aria-label", out ? T.out_of_tolerance : out === false ? T.in_tolerance : T.not_a_number);
  }

  function renderCheckpoint(article, cp, v) {
    all('[data-action="status"]', article).forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.status === cp.status ? "true" : "false");
    });
    var badge = el('[data-role="status-badge"]', article);
    badge.textContent = (snapshot.status_labels || {})[cp.status] || cp.status;
    badge.className = "badge" + (cp.status === "pass" ? " ok" : cp.status === "fail" ? " bad" : cp.status === "needs_decision" ? " warn" : "");
    var note = el('[data-role="note"]', article);
    if (document.activeElement !== note) {
      note.value = drafts.note[cp.key] !== undefined ? drafts.note[cp.key] : cp.note;
    }
    if (cp.kind === "measurement") { renderMeasurements(article, cp); }
    var pending = v.pendingPhotos.filter(function (op) { return op.payload.checkpoint_key === cp.key; });
    var nodes = photoNodes(cp.photos, pending);
    replaceChildren(el('[data-role="photos"]', article), nodes);
    var count = el('[data-role="photo-count"]', article);
    count.textContent = cp.required_photos ? nodes.length + " / " + cp.required_photos : (nodes.length ? String(nodes.length) : "");
  }

  function renderNavigation(v) {
    ui.index = Math.max(0, Math.min(ui.index || 0, total));
    articles.forEach(function (article) {
      article.hidden = Number(article.dataset.index) !== ui.index;
    });
    var checked = v.checkpoints.filter(function (cp) { return cp.status !== "not_checked"; }).length;
    var position = ui.index < total ? fmt(T.progress, { n: ui.index + 1, total: total }) : T.finish;
    el('[data-role="progress"]').textContent = position;
    el('[data-role="progress-bottom"]').textContent = position;
    el('[data-role="checked"]').textContent = fmt(T.checked_of, { n: checked, total: total });
    el('[data-role="progress-bar"]').style.width = (total ? Math.round((100 * checked) / total) : 100) + "%";
    el('[data-action="prev"]').disabled = ui.index === 0;
    el('[data-action="next"]').disabled = ui.index >= total;
    var open = v.checkpoints.filter(function (cp) { return cp.status === "not_checked"; });
    el('[data-role="unchecked"]').textContent = open.length
      ? fmt(T.not_checked_left, { titles: open.map(function (cp) { return cp.title; }).join(", ") })
      : "";
    var remarks = el('[data-role="remarks"]');
    if (document.activeElement !== remarks) {
      remarks.value = drafts.remarks !== null && drafts.remarks !== undefined ? drafts.remarks : v.remarks;
    }
  }

  function renderCounters(v, verdict) {
    var template = document.getElementById("tpl-counter");
    all(".defect-class").forEach(function (box) {
      var cls = box.dataset.class;
      var codes = Object.keys(typeByCode).filter(function (code) {
        return typeByCode[code].class === cls && ((v.counters[code] || 0) > 0 || shownCounters[code]);
      }).sort();
      var list = el('[data-role="counters"]', box);
      replaceChildren(list, codes.map(function (code) {
        var node = template.content.firstElementChild.cloneNode(true);
        var n = v.counters[code] || 0;
        node.dataset.code = code;
        el('[data-role="code"]', node).textContent = code;
        el('[data-role="description"]', node).textContent = typeByCode[code].description;
        el('[data-role="count"]', node).textContent = String(n);
        el('[data-action="minus"]', node).disabled = n <= 0;
        var pending = v.pendingPhotos.filter(function (op) { return op.payload.defect_type === code; });
        replaceChildren(el('[data-role="photos"]', node), photoNodes(v.counter_photos[code] || [], pending));
        return node;
      }));
      var plan = v.plan ? v.plan.classes.filter(function (c) { return c.name === cls; })[0] : null;
      var line = verdict ? verdict.classes.filter(function (c) { return c.name === cls; })[0] : null;
      el('[data-role="class-total"]', box).textContent = String(verdict ? verdict.counts[cls] || 0 : 0);
      el('[data-role="class-plan"]', box).textContent = plan
        ? (plan.zero_acceptance ? "Ac 0 · Re 1" : "Ac " + plan.accept + " · Re " + plan.reject)
        : "";
      box.dataset.rejected = line && !line.accepted ? "true" : "false";
    });
  }

  function renderVerdict(v, verdict) {
    var target = el('[data-role="local-verdict"]');
    if (!verdict) { target.textContent = "—"; return; }
    target.className = "verdict " + verdict.outcome;
    target.textContent = T["verdict_" + verdict.outcome];
    replaceChildren(el('[data-role="local-classes"]'), verdict.classes.map(function (c) {
      var li = document.createElement("li");
      li.className = c.accepted ? "ok" : "bad";
      li.dataset.class = c.name;
      li.textContent = c.zero
        ? fmt(T.class_line_zero, { label: c.label, n: c.n })
        : fmt(T.class_line, { label: c.label, n: c.n, ac: c.accept, re: c.reject });
      return li;
    }));
    var server = document.getElementById("server-verdict");
    if (server && snapshot.verdict) {
      server.dataset.outcome = snapshot.verdict.outcome;
      var outcome = el('[data-role="server-verdict-outcome"]', server);
      outcome.className = "verdict " + snapshot.verdict.outcome;
      outcome.textContent = snapshot.verdict.label;
      replaceChildren(el('[data-role="server-verdict-reasons"]', server), snapshot.verdict.reasons.map(function (r) {
        var li = document.createElement("li");
        li.className = r.tone;
        li.textContent = r.text;
        return li;
      }));
    }
  }

  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " kB";
  }

  function describe(op) {
    var what = T["kind_" + op.kind] || op.kind;
    var p = op.payload || {};
    if (op.kind === "result") {
      var cp = snapshot.checkpoints.filter(function (c) { return c.key === p.key; })[0];
      what += ": " + (cp ? cp.title : p.key) + (p.status ? " · " + ((snapshot.status_labels || {})[p.status] || p.status) : "");
    } else if (op.kind === "defect_adjust") {
      what += ": " + p.defect_type + " " + (p.delta > 0 ? "+" : "−") + Math.abs(p.delta);
    } else if (op.kind === "photo") {
      var target = p.checkpoint_key || p.defect_type || "";
      var c = snapshot.checkpoints.filter(function (x) { return x.key === target; })[0];
      what += (target ? ": " + (c ? c.title : target) : "") + (op.size ? " · " + size(op.size) : "");
    }
    return what;
  }

  function renderOutbox() {
    var counts = outbox.counts();
    var waiting = counts.pending + counts.sending;
    var summary = counts.total ? fmt(T.sent_of, { sent: counts.sent, total: counts.total }) : T.nothing_queued;
    el('[data-role="outbox-summary"]').textContent = summary;
    el('[data-role="outbox-bar"]').style.width = (counts.total ? Math.round((100 * counts.sent) / counts.total) : 0) + "%";
    var template = document.getElementById("tpl-outbox");
    replaceChildren(el('[data-role="outbox-list"]'), outbox.ops.slice().reverse().map(function (op) {
      var node = template.content.firstElementChild.cloneNode(true);
      node.dataset.op = op.op_id;
      node.dataset.status = op.status;
      node.dataset.kind = op.kind;
      var badge = el('[data-role="status"]', node);
      badge.textContent = T["status_" + op.status];
      badge.className = "badge" + (op.status === "sent" ? " ok" : op.status === "rejected" ? " bad" : " warn");
      el('[data-role="what"]', node).textContent = describe(op);
      el('[data-role="reason"]', node).textContent = op.reason || "";
      var progress = outbox.progress[op.op_id];
      if (progress !== undefined) {
        var bar = el('[data-role="upload"]', node);
        bar.hidden = false;
        bar.firstElementChild.style.width = Math.round(progress * 100) + "%";
        bar.setAttribute("aria-label", Math.round(progress * 100) + " %");
      }
      return node;
    }));
    var error = el('[data-role="outbox-error"]');
    var text = "";
    var state = "idle";
    if (!outbox.persistent) { text = T.storage_unavailable; }
    if (navigator.onLine === false) {
      state = "offline";
      text = T.offline;
    } else if (outbox.error && waiting) {
      state = "error";
      if (outbox.error.kind === "auth") {
        text = T.login_again;
      } else if (outbox.error.kind === "server") {
        text = fmt(T.server_trouble, { code: outbox.error.code });
      } else {
        var seconds = outbox.nextTryAt ? Math.max(0, Math.round((outbox.nextTryAt - Date.now()) / 1000)) : 0;
        text = fmt(T.retry_in, { s: seconds });
      }
    }
    error.hidden = !text;
    error.textContent = text;
    var bar = document.getElementById("sync-bar");
    var line;
    if (outbox.flushing && waiting) {
      line = T.sending + " " + summary;
    } else if (waiting) {
      line = fmt(T.waiting, { n: waiting }) + " · " + summary;
    } else if (counts.rejected) {
      line = summary;
      state = "error";
    } else {
      line = counts.total ? T.all_sent : T.online;
      if (state === "idle") { state = "done"; }
    }
    if (navigator.onLine === false) { line = T.offline_short + " · " + fmt(T.waiting, { n: waiting }); }
    bar.dataset.state = state;
    el('[data-role="sync-text"]', bar).textContent = line;
  }

  function renderSubmit(v) {
    var message = el('[data-role="submit-message"]');
    var banner = el('[data-role="submitted"]');
    if (!v.submit) { return; }
    if (v.submit.status === "sent" && v.submit.result && v.submit.result.status === "submitted") {
      root.classList.add("is-submitted");
      banner.hidden = false;
      replaceChildren(banner, []);
      banner.appendChild(document.createTextNode(fmt(T.submitted, { verdict: v.submit.result.computed_verdict }) + " "));
      var link = document.createElement("a");
      link.href = v.submit.result.url || config.urls.detail;
      link.textContent = config.report_number;
      banner.appendChild(link);
      message.hidden = true;
    } else if (v.submit.status === "rejected") {
      message.hidden = false;
      message.textContent = v.submit.reason;
    } else {
      message.hidden = false;
      message.textContent = T.submit_queued;
    }
  }

  function render() {
    var v = view();
    var verdict = localVerdict(v);
    articles.forEach(function (article) {
      var cp = v.byKey[article.dataset.key];
      if (cp) { renderCheckpoint(article, cp, v); }
    });
    renderNavigation(v);
    renderCounters(v, verdict);
    renderVerdict(v, verdict);
    renderOutbox();
    renderSubmit(v);
  }

  // ---------------------------------------------------------------- acting

  function checkpointOf(node) {
    var article = node.closest(".cp[data-key]");
    return article ? { article: article, key: article.dataset.key } : null;
  }

  function saveDrafts() { save("drafts", drafts); }

  function currentRows(article) {
    return all(".measure-row", article).map(function (row) {
      return { unit: el('[data-role="unit"]', row).value, value: el('[data-role="value"]', row).value };
    });
  }

  /* Queue the checkpoint's whole result as the inspector sees it now (status, values, note):
   * one operation per checkpoint while it waits, replaced by the newest. */
  function queueResult(key, status) {
    var v = view();
    var cp = v.byKey[key];
    var article = root.querySelector('.cp[data-key="' + key + '"]');
    var payload = { key: key };
    var chosen = status !== undefined ? status : cp.status;
    if (chosen && chosen !== "not_checked") { payload.status = chosen; }
    if (cp.kind === "measurement") {
      payload.measurements = cleanMeasurements(drafts.measurements[key] || currentRows(article));
    }
    payload.note = drafts.note[key] !== undefined ? drafts.note[key] : el('[data-role="note"]', article).value;
    delete drafts.note[key];
    delete drafts.measurements[key];
    saveDrafts();
    return queueLatest("result", "key", payload);
  }

  function hint(article, text) {
    var node = el('[data-role="hint"]', article);
    node.hidden = !text;
    node.textContent = text || "";
  }

  function flushDrafts() {
    var pending = [];
    Object.keys(drafts.note).forEach(function (key) { pending.push(key); });
    Object.keys(drafts.measurements).forEach(function (key) { if (pending.indexOf(key) < 0) { pending.push(key); } });
    var chain = Promise.resolve();
    pending.forEach(function (key) { chain = chain.then(function () { return queueResult(key); }); });
    if (drafts.remarks !== null && drafts.remarks !== undefined) {
      var remarks = drafts.remarks;
      drafts.remarks = null;
      saveDrafts();
      chain = chain.then(function () { return queueLatest("remarks", null, { remarks: remarks }); });
    }
    return chain;
  }

  function go(delta) {
    flushDrafts().then(function () {
      ui.index = Math.max(0, Math.min(total, (ui.index || 0) + delta));
      save("ui", ui);
      render();
      var top = document.getElementById("checkpoints");
      if (top && top.scrollIntoView) { top.scrollIntoView({ block: "start" }); }
    });
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (!button || button.tagName === "INPUT") { return; }
    var action = button.dataset.action;
    var at = checkpointOf(button);
    if (action === "prev") { go(-1); }
    else if (action === "next") { go(1); }
    else if (action === "status" && at) {
      var v = view();
      var cp = v.byKey[at.key];
      var rows = cleanMeasurements(drafts.measurements[at.key] || currentRows(at.article));
      if (cp.kind === "measurement" && button.dataset.status === "pass" && !rows.length) {
        hint(at.article, T.record_values_first);
        return;
      }
      hint(at.article, "");
      queueResult(at.key, button.dataset.status);
    } else if (action === "add-value" && at) {
      var current = currentRows(at.article);
      var used = current.map(function (r) { return parseInt(r.unit, 10) || 0; });
      current.push({ unit: String(Math.max.apply(null, [0].concat(used)) + 1), value: "" });
      drafts.measurements[at.key] = current;
      saveDrafts();
      render();
      var inputs = all('[data-role="value"]', at.article);
      if (inputs.length) { inputs[inputs.length - 1].focus(); }
    } else if (action === "remove-value" && at) {
      var row = button.closest(".measure-row");
      var rowsNow = currentRows(at.article);
      rowsNow.splice(Number(row.dataset.index), 1);
      drafts.measurements[at.key] = rowsNow;
      saveDrafts();
      queueResult(at.key);
    } else if (action === "plus" || action === "minus") {
      var code = button.closest(".counter").dataset.code;
      shownCounters[code] = true;
      queue("defect_adjust", { defect_type: code, delta: action === "plus" ? 1 : -1 });
    } else if (action === "submit") {
      submit();
    } else if (action === "retry") {
      outbox.sendNow();
    } else if (action === "resend") {
      outbox.resend(button.closest(".outbox-item").dataset.op);
    } else if (action === "discard") {
      if (window.confirm(T.discard_confirm)) { outbox.discard(button.closest(".outbox-item").dataset.op); }
    }
  });

  root.addEventListener("input", function (event) {
    var target = event.target;
    var at = checkpointOf(target);
    var role = target.dataset.role;
    if (at && role === "note") {
      drafts.note[at.key] = target.value;
      saveDrafts();
    } else if (at && (role === "value" || role === "unit")) {
      drafts.measurements[at.key] = currentRows(at.article);
      saveDrafts();
      var cp = view().byKey[at.key];
      flagRow(target.closest(".measure-row"), cp);
      var v = view();
      var verdict = localVerdict(v);
      renderCounters(v, verdict);
      renderVerdict(v, verdict);
    } else if (role === "remarks") {
      drafts.remarks = target.value;
      saveDrafts();
    }
  });

  root.addEventListener("change", function (event) {
    var target = event.target;
    var at = checkpointOf(target);
    var role = target.dataset.role;
    if (target.dataset.action === "photo") {
      takePhotos(target, at);
    } else if (at && (role === "note" || role === "value" || role === "unit")) {
      queueResult(at.key);
    } else if (role === "remarks") {
      drafts.remarks = null;
      saveDrafts();
      queueLatest("remarks", null, { remarks: target.value });
    } else if (role === "picker" && target.value) {
      var code = target.value;
      shownCounters[code] = true;
      target.value = "";
      queue("defect_adjust", { defect_type: code, delta: 1 });
    }
  });

  function takePhotos(input, at) {
    var files = Array.prototype.slice.call(input.files || []);
    var payload = {};
    if (input.dataset.target === "defect") {
      payload.defect_type = input.closest(".counter").dataset.code;
    } else if (at) {
      payload.checkpoint_key = at.key;
      var side = el('[data-role="side"]', at.article);
      if (side && side.value) { payload.side = side.value; }
    }
    var chain = Promise.resolve();
    files.forEach(function (file) {
      chain = chain.then(function () { return queue("photo", Object.assign({}, payload), file); });
    });
    input.value = "";
  }

  function photosShort(v) {
    var short = [];
    v.checkpoints.forEach(function (cp) {
      if (!cp.required_photos) { return; }
      var pending = v.pendingPhotos.filter(function (op) {
        return op.payload.checkpoint_key === cp.key && op.status !== "rejected";
      });
      var have = cp.photos.length + pending.length;
      if (have < cp.required_photos) { short.push({ cp: cp, have: have }); }
    });
    return short;
  }

  function submit() {
    flushDrafts().then(function () {
      var v = view();
      var open = v.checkpoints.filter(function (cp) { return cp.status === "not_checked"; });
      var message = el('[data-role="submit-message"]');
      if (open.length) {
        message.hidden = false;
        message.textContent = fmt(T.cannot_submit_unchecked, { titles: open.map(function (cp) { return cp.title; }).join(", ") });
        return;
      }
      // Said here, on the factory floor, not after the connection returns: by then the
      // inspector may have left and can no longer take the photos. The server checks again.
      var short = photosShort(v);
      if (short.length) {
        message.hidden = false;
        message.textContent = fmt(T.cannot_submit_photos, { titles: short.map(function (s) {
          return s.cp.title + " (" + s.have + " / " + s.cp.required_photos + ")";
        }).join(", ") });
        return;
      }
      if (v.submit && v.submit.status !== "rejected") { return; }
      queue("submit", { remarks: el('[data-role="remarks"]').value });
    });
  }

  window.addEventListener("online", render);
  window.addEventListener("offline", render);
  window.addEventListener("pagehide", function () { save("drafts", drafts); save("ui", ui); });
  window.addEventListener("beforeunload", function (event) {
    // Only when the browser cannot keep the queue (no IndexedDB): leaving would lose it.
    if (!outbox.persistent && outbox.waiting()) { event.preventDefault(); event.returnValue = ""; }
  });

  function showStorage() {
    var target = el('[data-role="storage"]');
    if (!navigator.storage || !navigator.storage.estimate) { return; }
    navigator.storage.estimate().then(function (e) {
      if (!e.quota) { return; }
      target.textContent = fmt(T.storage_estimate, {
        used: ((e.usage || 0) / 1048576).toFixed(1),
        quota: Math.round(e.quota / 1048576)
      });
    }).catch(function () {});
  }

  /* After everything is sent, fetch the server's state once if it lacks operations the
   * phone sent (photos are answered one by one, without the state). */
  var refreshing = false;
  function refreshState() {
    if (refreshing || outbox.flushing || outbox.waiting() || navigator.onLine === false) { return; }
    var applied = new Set(snapshot.applied_ops || []);
    var missing = outbox.ops.some(function (op) { return op.status === "sent" && !applied.has(op.op_id); });
    if (!missing) { return; }
    refreshing = true;
    fetch(config.urls.state, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) { if (state) { setSnapshot(state); } })
      .catch(function () {})
      .then(function () { refreshing = false; });
  }

  outbox.subscribe(function (box, what) {
    if (what === "progress") { renderOutbox(); return; }
    render();
    refreshState();
  });
  outbox.ready().then(function () {
    return outbox.prune(snapshot.applied_ops || []);
  }).then(function () {
    // Typing kept from before a reload (or a crash) is queued now, not only on the next blur.
    return flushDrafts();
  }).then(function () {
    render();
    showStorage();
    root.dataset.ready = "true";
    outbox.flush();
  });
  window.setInterval(function () { if (outbox.error) { renderOutbox(); } }, 1000);
})();
