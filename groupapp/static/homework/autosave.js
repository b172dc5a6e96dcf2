// Homework fill page: never lose a word.
// - Saves the form to the server when typing pauses and every few seconds, and when the page is
//   hidden or left (visibilitychange / pagehide), using the CSRF token from the meta tag.
// - Keeps a copy in this browser's localStorage on every change, and restores it on load
//   when it is newer than what the server has, so text survives an expired session, a
//   failed submit or a server error. Once the server has the text, the local copy is
//   removed.
// - Shows extra repeating-group entries one at a time with an "Add another" button.
(function () {
  "use strict";

  // Messages come translated from the page (data-msg-* of #page-messages, see base.html).
  function msg(key, english) {
    var holder = document.getElementById("page-messages");
    return (holder && holder.getAttribute("data-msg-" + key)) || english;
  }
  // On the homework list: forget local copies the server has since received.
  Array.prototype.forEach.call(document.querySelectorAll("[data-storage-key][data-server-saved]"), function (el) {
    if (el.tagName === "FORM") return;
    try {
      var key = el.getAttribute("data-storage-key");
      var copy = JSON.parse(window.localStorage.getItem(key) || "null");
      if (copy && copy.at <= parseInt(el.getAttribute("data-server-saved"), 10)) window.localStorage.removeItem(key);
    } catch (e) { /* nothing stored or storage disabled */ }
  });
  // The homework fill page, or another page whose form names its autosave address
  // (the after-meeting screen).
  var form = document.getElementById("homework-form") || document.querySelector("form[data-autosave-url][data-storage-key]");
  if (!form) return;
  var url = form.getAttribute("data-autosave-url");
  var key = form.getAttribute("data-storage-key");
  var serverSaved = parseInt(form.getAttribute("data-server-saved") || "0", 10);
  var statusEl = document.getElementById("autosave-status");
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  var SKIP = { csrf_token: true, action: true };
  var INTERVAL_MS = 10000;
  var PAUSE_MS = 1500;
  var lastSent = null;
  var dirty = false;
  var submitting = false;

  function values() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (!SKIP[name] && typeof value === "string") out.push([name, value]);
    });
    return out;
  }
  function normalised(pairs) {
    return JSON.stringify(pairs.map(function (p) {
      return [p[0], p[1].replace(/\r\n/g, "\n").trim()];
    }).filter(function (p) { return p[1] !== ""; }));
  }
  function show(text, warn) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.className = "autosave-status" + (warn ? " warn" : "");
  }
  function readLocal() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  // Only text the server does not have yet is kept on the device (it may be shared).
  function writeLocal(synced) {
    try {
      if (synced) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, JSON.stringify({ at: Date.now(), synced: false, values: values() }));
      }
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }

  function apply(pairs) {
    var byName = {};
    pairs.forEach(function (p) { (byName[p[0]] = byName[p[0]] || []).push(p[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name]) return;
      var wanted = byName[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = wanted.indexOf(el.value) !== -1;
      } else if (el.tagName === "TEXTAREA" || el.tagName === "INPUT") {
        el.value = wanted.length ? wanted[0] : "";
      }
    });
  }

  function restoreNotice() {
    var box = document.createElement("div");
    box.className = "hw-restored";
    box.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = msg("restored-saving", "We restored text you typed on this device that had not reached the server yet. It is being saved now.");
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "link-button";
    undo.textContent = msg("discard-restored", "Discard the restored text");
    undo.addEventListener("click", function () {
      window.localStorage.removeItem(key);
      window.location.reload();
    });
    box.appendChild(text);
    box.appendChild(undo);
    form.parentNode.insertBefore(box, form);
  }

  var inFlight = false;
  function save(leaving) {
    if (submitting) return;
    var current = normalised(values());
    if (current === lastSent) return;
    // One request at a time, so an older save can never land after a newer one.
    if (inFlight && !leaving) return;
    inFlight = true;
    var body = new FormData(form);
    body.delete("action");
    body.set("csrf_token", token);
    var sentAt = current;
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      keepalive: !!leaving,
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") === -1) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      lastSent = sentAt;
      var unchanged = normalised(values()) === sentAt;
      writeLocal(unchanged);
      if (unchanged) dirty = false;
      show(data.label || msg("draft-saved", "Draft saved."), false);
    }).catch(function () {
      show(msg("not-saved", "Not saved to the server just now. Your text is kept on this device; if you were signed out, sign in again and reopen this page."), true);
    }).then(function () {
      inFlight = false;
    });
  }

  var pause = null;
  function changed() {
    dirty = true;
    writeLocal(false);
    // Save soon after typing pauses; the interval below is the backstop.
    if (pause) window.clearTimeout(pause);
    pause = window.setTimeout(function () { if (dirty) save(false); }, PAUSE_MS);
  }

  // Repeating groups: show one empty entry more at a time.
  Array.prototype.forEach.call(form.querySelectorAll(".hw-group"), function (group) {
    var extras = group.querySelectorAll(".hw-entry-extra");
    if (!extras.length) return;
    Array.prototype.forEach.call(extras, function (el) { el.hidden = true; });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary hw-add-entry";
    var entry = (group.getAttribute("data-entry-label") || msg("entry", "entry")).toLowerCase();
    button.textContent = msg("add-entry", "Add another {entry}").replace("{entry}", entry);
    button.addEventListener("click", function () {
      var next = group.querySelector(".hw-entry-extra[hidden]");
      if (next) {
        next.hidden = false;
        var first = next.querySelector("input, textarea");
        if (first) first.focus();
      }
      if (!group.querySelector(".hw-entry-extra[hidden]")) button.hidden = true;
    });
    group.appendChild(button);
  });

  // Restore a newer local copy (typed while signed out, or before a failed request).
  var local = readLocal();
  var initial = normalised(values());
  if (local && !local.synced && local.at > serverSaved && normalised(local.values) !== initial) {
    apply(local.values);
    Array.prototype.forEach.call(form.querySelectorAll(".hw-entry-extra[hidden]"), function (el) {
      var filled = Array.prototype.some.call(el.querySelectorAll("input, textarea"), function (input) {
        return (input.type === "checkbox" || input.type === "radio") ? input.checked : input.value.trim() !== "";
      });
      if (filled) el.hidden = false;
    });
    restoreNotice();
    dirty = true;
  } else {
    lastSent = initial;
    writeLocal(true);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    // The form post itself carries the text; the local copy covers a failed request.
    submitting = true;
    writeLocal(false);
  });
  window.setInterval(function () { if (dirty) save(false); }, INTERVAL_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty) save(true);
  });
  window.addEventListener("pagehide", function () { if (dirty) save(true); });
})();
