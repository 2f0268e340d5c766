/* sourceproof · the phone's outbox: operations kept in IndexedDB and sent in order.
 *
 * No dependencies, no build step. Every operation gets a UUID when the inspector acts
 * (op_id); the server applies each op_id once, so sending again after a lost answer never
 * makes a duplicate. Operations are sent oldest first: runs of plain operations as one JSON
 * batch, photos one by one with upload progress (XMLHttpRequest upload.onprogress).
 *
 * Statuses: pending (waiting), sending, sent (the server applied it, now or before),
 * rejected (the server refused it, with a reason: it stays until sent again or discarded).
 * A network failure, a 5xx or an expired session leaves the operation pending and retries
 * with backoff (2 s doubling to 60 s), at once when the browser says it is online again, and
 * at least every 30 s while something waits.
 *
 *   var outbox = new FieldOutbox({inspection: "QC-2026-00042", urls: {operations, photos},
 *                                 csrf: function () { return token; }, texts: {...}});
 *   outbox.subscribe(function (outbox) { ... outbox.ops ... });
 *   outbox.ready().then(...); outbox.add("result", {key: "c1", status: "pass"});
 */
(function (global) {
  "use strict";

  var DB_NAME = "sourceproof-field";
  var DB_VERSION = 1;
  var STORE = "ops";
  var BATCH_MAX = 50;
  var BACKOFF_MIN = 2000;
  var BACKOFF_MAX = 60000;
  var POLL = 30000;

  function uuid4() {
    if (global.crypto && typeof global.crypto.randomUUID === "function") {
      return global.crypto.randomUUID();
    }
    var b = global.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function committed(tx) {
    return new Promise(function (resolve, reject) {
      tx.oncomplete = function () { resolve(); };
      tx.onabort = tx.onerror = function () { reject(tx.error || new Error("IndexedDB write failed")); };
    });
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!global.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = global.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var store = request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
        store.createIndex("inspection", "inspection", { unique: false });
        store.createIndex("op_id", "op_id", { unique: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
      request.onblocked = function () { reject(new Error("IndexedDB blocked")); };
    });
  }

  function FieldOutbox(options) {
    this.inspection = options.inspection;
    this.urls = options.urls;
    this.csrf = options.csrf;
    this.onState = options.onState || function () {};
    this.texts = options.texts || {};
    this.ops = [];              // this inspection's operations, oldest first (a copy for display)
    this.progress = {};         // op_id -> fraction of the photo uploaded
    this.persistent = true;     // false: IndexedDB unavailable, kept in memory only
    this.error = null;          // {kind: "network"|"auth"|"server", code}
    this.nextTryAt = null;
    this.flushing = false;
    this.listeners = [];
    this._again = false;
    this._backoff = 0;
    this._timer = null;
    this._memory = [];
    this._memorySeq = 0;
  }

  FieldOutbox.uuid4 = uuid4;

  FieldOutbox.prototype.ready = function () {
    var self = this;
    return openDb().then(function (db) {
      self.db = db;
    }, function () {
      self.db = null;
      self.persistent = false;
    }).then(function () {
      return self._all();
    }).then(function (ops) {
      // An operation caught "sending" when the page closed was never answered: send again.
      var fixes = ops.filter(function (op) { return op.status === "sending"; }).map(function (op) {
        op.status = "pending";
        return self._put(op);
      });
      return Promise.all(fixes);
    }).then(function () {
      return self._reload();
    }).then(function () {
      global.addEventListener("online", function () { self.sendNow(); });
      global.addEventListener("offline", function () { self._emit(); });
      global.setInterval(function () {
        if (!self.flushing && !self._timer && self.waiting() > 0) { self.flush(); }
      }, POLL);
      if (global.navigator.storage && global.navigator.storage.persist) {
        global.navigator.storage.persist().catch(function () {});
      }
      return self;
    });
  };

  // ------------------------------------------------------------------ storage

  FieldOutbox.prototype._store = function (mode) {
    return this.db.transaction(STORE, mode).objectStore(STORE);
  };

  FieldOutbox.prototype._all = function () {
    var inspection = this.inspection;
    if (!this.db) {
      return Promise.resolve(this._memory.filter(function (op) { return op.inspection === inspection; }));
    }
    return promised(this._store("readonly").index("inspection").getAll(inspection)).then(function (ops) {
      return ops.sort(function (a, b) { return a.seq - b.seq; });
    });
  };

  FieldOutbox.prototype._put = function (op) {
    if (!this.db) {
      if (op.seq === undefined) { op.seq = ++this._memorySeq; this._memory.push(op); }
      return Promise.resolve(op);
    }
    var record = Object.assign({}, op);
    if (record.seq === undefined) { delete record.seq; }
    var tx = this.db.transaction(STORE, "readwrite");
    var request = tx.objectStore(STORE).put(record);
    // Kept only once the transaction commits (a full disk aborts it after the request).
    return committed(tx).then(function () { op.seq = request.result; return op; });
  };

  FieldOutbox.prototype._delete = function (op) {
    if (!this.db) {
      this._memory = this._memory.filter(function (o) { return o !== op && o.op_id !== op.op_id; });
      return Promise.resolve();
    }
    var tx = this.db.transaction(STORE, "readwrite");
    tx.objectStore(STORE).delete(op.seq);
    return committed(tx);
  };

  FieldOutbox.prototype._reload = function () {
    var self = this;
    return this._all().then(function (ops) { self.ops = ops; self._emit(); return ops; });
  };

  // ------------------------------------------------------------------ the queue

  FieldOutbox.prototype.add = function (kind, payload, blob) {
    var op = {
      op_id: uuid4(),
      inspection: this.inspection,
      kind: kind,
      payload: payload || {},
      blob: blob || null,
      name: blob && blob.name ? blob.name : "",
      size: blob ? blob.size : 0,
      status: "pending",
      attempts: 0,
      reason: "",
      result: null,
      created_at: Date.now(),
      sent_at: null
    };
    var self = this;
    return this._put(op).then(function () { return self._reload(); }).then(function () {
      self.flushSoon();
      return op;
    });
  };

  /* Replace the payload of the latest operation of this kind for the same target (e.g. the
   * same checkpoint) if the server has never seen it (not tried yet); else queue a new one.
   * An operation already tried keeps its payload for good: the server may have applied it. */
  FieldOutbox.prototype.upsert = function (kind, targetKey, payload) {
    var latest = null;
    this.ops.forEach(function (op) {
      if (op.kind === kind && (targetKey === null || op.payload[targetKey] === payload[targetKey])) {
        latest = op;
      }
    });
    if (latest && latest.status === "pending" && latest.attempts === 0 && !this.flushing) {
      latest.payload = payload;
      latest.created_at = Date.now();
      var self = this;
      return this._put(latest).then(function () { return self._reload(); }).then(function () {
        self.flushSoon();
        return latest;
      });
    }
    return this.add(kind, payload);
  };

  FieldOutbox.prototype.waiting = function () {
    return this.ops.filter(function (op) { return op.status === "pending" || op.status === "sending"; }).length;
  };

  FieldOutbox.prototype.counts = function () {
    var c = { total: this.ops.length, sent: 0, pending: 0, sending: 0, rejected: 0 };
    this.ops.forEach(function (op) { c[op.status] += 1; });
    return c;
  };

  /* Forget operations that the server's state already contains (called with the state's
   * applied_ops when the page loads), so that the list starts fresh. */
  FieldOutbox.prototype.prune = function (appliedIds) {
    var applied = new Set(appliedIds);
    var self = this;
    var gone = this.ops.filter(function (op) { return op.status === "sent" && applied.has(op.op_id); });
    return Promise.all(gone.map(function (op) { return self._delete(op); })).then(function () {
      return self._reload();
    });
  };

  FieldOutbox.prototype.resend = function (opId) {
    var self = this;
    var op = this.ops.find(function (o) { return o.op_id === opId; });
    if (!op || op.status !== "rejected") { return Promise.resolve(); }
    op.status = "pending";
    op.reason = "";
    return this._put(op).then(function () { return self._reload(); }).then(function () { self.sendNow(); });
  };

  FieldOutbox.prototype.discard = function (opId) {
    var self = this;
    var op = this.ops.find(function (o) { return o.op_id === opId; });
    if (!op || op.status !== "rejected") { return Promise.resolve(); }
    return this._delete(op).then(function () { return self._reload(); });
  };

  // ------------------------------------------------------------------ events

  FieldOutbox.prototype.subscribe = function (listener) {
    this.listeners.push(listener);
  };

  FieldOutbox.prototype._emit = function (what) {
    var self = this;
    this.listeners.forEach(function (listener) {
      try { listener(self, what || "change"); } catch (e) { global.console.error(e); }
    });
  };

  // ------------------------------------------------------------------ sending

  FieldOutbox.prototype.flushSoon = function () {
    var self = this;
    global.setTimeout(function () { self.flush(); }, 0);
  };

  FieldOutbox.prototype.sendNow = function () {
    if (this._timer) { global.clearTimeout(this._timer); this._timer = null; }
    this._backoff = 0;
    this.nextTryAt = null;
    this.flush();
  };

  FieldOutbox.prototype._retryLater = function () {
    var self = this;
    this._backoff = this._backoff ? Math.min(this._backoff * 2, BACKOFF_MAX) : BACKOFF_MIN;
    var wait = this._backoff + Math.floor(Math.random() * 500);
    this.nextTryAt = Date.now() + wait;
    if (this._timer) { global.clearTimeout(this._timer); }
    this._timer = global.setTimeout(function () {
      self._timer = null;
      self.nextTryAt = null;
      self.flush();
    }, wait);
  };

  FieldOutbox.prototype.flush = function () {
    var self = this;
    if (this.flushing) { this._again = true; return Promise.resolve(); }
    if (global.navigator.onLine === false) {
      this.error = { kind: "network" };
      this._emit();
      return Promise.resolve();
    }
    this.flushing = true;
    var run = function () { return self._drain(); };
    var locked = global.navigator.locks && global.navigator.locks.request
      ? global.navigator.locks.request("sourceproof-field-" + this.inspection, run)
      : run();
    return Promise.resolve(locked).catch(function (e) {
      global.console.error(e);
    }).then(function () {
      self.flushing = false;
      self._emit();
      if (self._again) { self._again = false; return self.flush(); }
    });
  };

  FieldOutbox.prototype._drain = function () {
    var self = this;
    return this._reload().then(function (ops) {
      var queue = ops.filter(function (op) { return op.status === "pending"; });
      if (!queue.length) { self.error = null; self._backoff = 0; return null; }
      var sending;
      if (queue[0].kind === "photo") {
        sending = self._sendPhoto(queue[0]);
      } else {
        var batch = [];
        for (var i = 0; i < queue.length && batch.length < BATCH_MAX; i += 1) {
          if (queue[i].kind === "photo") { break; }
          batch.push(queue[i]);
        }
        sending = self._sendBatch(batch);
      }
      return sending.then(function (ok) {
        if (!ok) { self._retryLater(); return null; }
        self.error = null;
        self._backoff = 0;
        return self._drain();
      });
    });
  };

  FieldOutbox.prototype._mark = function (ops, status) {
    var self = this;
    return Promise.all(ops.map(function (op) {
      op.status = status;
      if (status === "sending") { op.attempts += 1; }
      return self._put(op);
    })).then(function () { return self._reload(); });
  };

  FieldOutbox.prototype._settle = function (op, outcome) {
    if (outcome.status === "applied" || outcome.status === "already_applied") {
      op.status = "sent";
      op.result = outcome.result || {};
      op.sent_at = Date.now();
      op.reason = "";
      op.blob = null; // the server has the original now; free the phone's storage
    } else {
      op.status = "rejected";
      op.reason = outcome.reason || "";
    }
    return this._put(op);
  };

  FieldOutbox.prototype._failed = function (ops, error) {
    this.error = error;
    return this._mark(ops, "pending").then(function () { return false; });
  };

  FieldOutbox.prototype._rejectAll = function (ops, reason) {
    var self = this;
    return Promise.all(ops.map(function (op) {
      return self._settle(op, { status: "rejected", reason: reason });
    })).then(function () { return self._reload(); }).then(function () { return true; });
  };

  FieldOutbox.prototype._sendBatch = function (ops) {
    var self = this;
    var body = JSON.stringify({
      operations: ops.map(function (op) { return { op_id: op.op_id, kind: op.kind, payload: op.payload }; })
    });
    return this._mark(ops, "sending").then(function () {
      return global.fetch(self.urls.operations, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": self.csrf(), Accept: "application/json" },
        body: body
      });
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        return self._failed(ops, { kind: "auth", code: response.status });
      }
      if (response.status === 404 || response.status === 422) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return self._rejectAll(ops, self._detail(response.status, data));
        });
      }
      if (!response.ok) { return self._failed(ops, { kind: "server", code: response.status }); }
      return response.json().then(function (data) {
        var byId = {};
        (data.results || []).forEach(function (r) { byId[r.op_id] = r; });
        return Promise.all(ops.map(function (op) {
          var outcome = byId[op.op_id];
          if (!outcome) { op.status = "pending"; return self._put(op); }
          return self._settle(op, outcome);
        })).then(function () { return self._reload(); }).then(function () {
          if (data.state) { self.onState(data.state); }
          return true;
        });
      });
    }, function () {
      return self._failed(ops, { kind: "network" });
    });
  };

  FieldOutbox.prototype._detail = function (status, data) {
    if (status === 404) { return this.texts.not_yours || "Not found."; }
    var detail = data && data.detail;
    if (Array.isArray(detail)) {
      return detail.map(function (d) { return (d.loc || []).join(".") + ": " + d.msg; }).join("; ");
    }
    return String(detail || status);
  };

  FieldOutbox.prototype._sendPhoto = function (op) {
    var self = this;
    return this._mark([op], "sending").then(function () {
      if (!op.blob) {
        // Sent before but never confirmed, and its bytes are gone: nothing to send again.
        return self._rejectAll([op], self.texts.photo_gone || "The photo's file is gone.");
      }
      return new Promise(function (resolve) {
        var form = new global.FormData();
        form.append("file", op.blob, op.name || "photo.jpg");
        form.append("op_id", op.op_id);
        Object.keys(op.payload).forEach(function (key) {
          if (op.payload[key] !== null && op.payload[key] !== undefined) { form.append(key, op.payload[key]); }
        });
        var xhr = new global.XMLHttpRequest();
        xhr.open("POST", self.urls.photos);
        xhr.withCredentials = true;
        xhr.timeout = 5 * 60 * 1000;
        xhr.setRequestHeader("X-CSRFToken", self.csrf());
        xhr.setRequestHeader("Accept", "application/json");
        self.progress[op.op_id] = 0;
        xhr.upload.onprogress = function (event) {
          if (event.lengthComputable) {
            self.progress[op.op_id] = event.loaded / event.total;
            self._emit("progress");
          }
        };
        var done = function (result) {
          delete self.progress[op.op_id];
          resolve(result);
        };
        xhr.onload = function () {
          var data = {};
          try { data = JSON.parse(xhr.responseText || "{}"); } catch (e) { data = {}; }
          if (xhr.status === 200 || xhr.status === 201 || xhr.status === 400) {
            if (!data.status) { data = { status: "rejected", reason: data.detail || String(xhr.status) }; }
            self._settle(op, data).then(function () { return self._reload(); }).then(function () { done(true); });
          } else if (xhr.status === 404 || xhr.status === 413 || xhr.status === 422) {
            self._rejectAll([op], self._detail(xhr.status, data)).then(function () { done(true); });
          } else if (xhr.status === 401 || xhr.status === 403) {
            self._failed([op], { kind: "auth", code: xhr.status }).then(done);
          } else {
            self._failed([op], { kind: "server", code: xhr.status }).then(done);
          }
        };
        xhr.onerror = xhr.ontimeout = xhr.onabort = function () {
          self._failed([op], { kind: "network" }).then(done);
        };
        xhr.send(form);
      });
    });
  };

  global.FieldOutbox = FieldOutbox;
})(window);
