// Nothing typed is lost: every form that takes free text keeps a copy in this browser.
//
// - Applies by default to every POST form of a signed-in person that has a text field or a
//   text area, and to forms marked data-keep-typed="on" (answers given by choosing, such as a
//   check-in). A form opts out with data-keep-typed="off"; forms with a password field, and
//   forms that keep their own copy (data-storage-key: the homework autosave), are skipped.
// - The copy is keyed by person + page address + form, written on every change and kept
//   on submit. The page that answers the submit decides its fate:
//   * a signed-in page: the server received the text (saved, or shown again with errors),
//     so the copy is removed;
//   * a signed-out page (the login page after an idle sign-out) or an error page: the copy
//     is marked "interrupted" and is put back into the form when the person returns to it,
//     with a notice and a way to discard it.
// - Text typed and left without submitting is put back too, with the same notice.
// - Copies are forgotten after a week. Nothing is sent anywhere by this script.
(function () {
  "use strict";

  // Messages come translated from the page (data-msg-* of #page-messages, see base.html).
  function msg(key, english) {
    var holder = document.getElementById("page-messages");
    return (holder && holder.getAttribute("data-msg-" + key)) || english;
  }
  var PREFIX = "keep-typed:";
  var MAX_AGE_MS = 7 * 24 * 3600 * 1000;
  var TEXT_TYPES = { text: true, email: true, url: true, search: true, tel: true, number: true };
  var SKIP_TYPES = { hidden: true, password: true, file: true, submit: true, button: true, image: true, reset: true };
  var store;
  try {
    store = window.localStorage;
    store.getItem(PREFIX);
  } catch (e) {
    return; // storage disabled: the forms work as before
  }
  var ownerMeta = document.querySelector('meta[name="keep-typed-owner"]');
  var owner = ownerMeta ? ownerMeta.getAttribute("content") : "";
  var failedPage = !!document.querySelector("[data-request-failed]");

  function read(key) {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(key, entry) {
    try { store.setItem(key, JSON.stringify(entry)); } catch (e) { /* storage full */ }
  }
  function eachEntry(fn) {
    var keys = [];
    for (var i = 0; i < store.length; i += 1) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    keys.forEach(function (key) {
      var entry = read(key);
      if (!entry || typeof entry.at !== "number" || Date.now() - entry.at > MAX_AGE_MS) {
        store.removeItem(key);
      } else {
        fn(key, entry);
      }
    });
  }

  function keptField(el) {
    if (!el.name || el.name === "csrf_token" || el.disabled) return false;
    if (el.getAttribute("autocomplete") === "one-time-code") return false;
    if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && !SKIP_TYPES[el.type];
  }
  function takesText(form) {
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return false;
    if (form.getAttribute("data-keep-typed") === "off" || form.hasAttribute("data-storage-key")) return false;
    if (form.querySelector("input[type=password]")) return false;
    if (form.getAttribute("data-keep-typed") === "on") return true; // answers without text fields
    return Array.prototype.some.call(form.elements, function (el) {
      return keptField(el) && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && TEXT_TYPES[el.type]));
    });
  }
  function values(form) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!keptField(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) out.push([el.name, el.value]);
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { out.push([el.name, o.value]); });
      } else {
        out.push([el.name, el.value]);
      }
    });
    return out;
  }
  function typedText(pairs) {
    return JSON.stringify(pairs.map(function (p) {
      return [p[0], String(p[1]).replace(/\r\n/g, "\n").trim()];
    }));
  }
  // Worth keeping: some text typed, or on an opted-in form (answers by choosing) any answer.
  function hasText(form, pairs) {
    if (form.getAttribute("data-keep-typed") === "on") return pairs.length > 0;
    return pairs.some(function (p) {
      var el = form.elements[p[0]];
      var first = el && el.length && !el.tagName ? el[0] : el;
      var textual = first && (first.tagName === "TEXTAREA" || (first.tagName === "INPUT" && TEXT_TYPES[first.type]));
      return textual && String(p[1]).trim() !== "";
    });
  }
  function apply(form, pairs) {
    var byName = {};
    pairs.forEach(function (p) { (byName[p[0]] = byName[p[0]] || []).push(p[1]); });
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!keptField(el)) return;
      var wanted = byName[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = wanted.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = wanted.indexOf(o.value) !== -1; });
      } else {
        // Several fields may share a name (repeated entries): fill them in order.
        var n = seen[el.name] || 0;
        el.value = n < wanted.length ? wanted[n] : "";
        seen[el.name] = n + 1;
      }
    });
  }

  function notice(form, key, interrupted) {
    var box = document.createElement("div");
    box.className = "flash flash-info keep-typed-notice";
    box.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = interrupted
      ? msg("signed-out-restored", "You were signed out before this was saved. We put back what you typed on this device: check it, then save again.")
      : msg("restored-earlier", "We put back text you typed here earlier on this device that was not saved.");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = msg("discard-restored", "Discard the restored text");
    discard.addEventListener("click", function () {
      store.removeItem(key);
      form.reset();
      box.parentNode.removeChild(box);
    });
    box.appendChild(text);
    box.appendChild(discard);
    form.parentNode.insertBefore(box, form);
  }

  // 1. What happened to text sent from the previous page?
  eachEntry(function (key, entry) {
    if (!entry.submitted) return;
    if (!owner || failedPage) {
      if (!entry.interrupted) {
        entry.interrupted = true;
        write(key, entry);
      }
    } else if (entry.owner === owner && !entry.interrupted) {
      store.removeItem(key); // a signed-in page answered: the server has the text
    }
  });

  if (!owner) {
    // Signed out (the login page): say that the text is safe, and come back to its page.
    var latest = null;
    eachEntry(function (key, entry) {
      if (entry.interrupted && (!latest || entry.at > latest.at)) latest = entry;
    });
    var main = document.getElementById("main");
    if (latest && main) {
      var box = document.createElement("p");
      box.className = "flash flash-info keep-typed-waiting";
      box.setAttribute("role", "status");
      box.textContent = msg("kept-until-sign-in", "What you typed before you were signed out is kept on this device. Sign in and it will be put back.");
      main.insertBefore(box, main.firstChild);
    }
    // Browsers send no Referer here, so after a form post the server cannot know the page
    // to return to; the copy knows it (the server still checks that it is a local path).
    var login = document.querySelector("form[data-login-form]");
    if (latest && latest.page && login) {
      var params = new URLSearchParams(window.location.search);
      var next = params.get("next");
      if (!next || next === "/") {
        params.set("next", latest.page);
        login.setAttribute("action", window.location.pathname + "?" + params.toString());
      }
    }
    return;
  }

  // 2. Every form that takes text keeps a copy, and gets back what was lost.
  var counts = {};
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    if (!takesText(form)) return;
    var action = form.getAttribute("action") || "";
    var index = counts[action] || 0;
    counts[action] = index + 1;
    form.setAttribute("data-keep-typed-active", "");
    var page = window.location.pathname + window.location.search;
    var key = PREFIX + owner + ":" + page + ":" + (form.id || action + "#" + index);

    var kept = read(key);
    if (kept && kept.owner === owner && Array.isArray(kept.values)) {
      if (typedText(kept.values) !== typedText(values(form))) {
        apply(form, kept.values);
        notice(form, key, !!kept.interrupted);
        write(key, { owner: owner, page: page, at: Date.now(), values: kept.values });
      } else {
        store.removeItem(key); // the page already shows exactly this text
      }
    }

    function keep() {
      var current = values(form);
      if (hasText(form, current)) {
        write(key, { owner: owner, page: page, at: Date.now(), values: current });
      } else {
        store.removeItem(key);
      }
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", function () {
      var current = values(form);
      if (!hasText(form, current)) return;
      write(key, { owner: owner, page: page, at: Date.now(), values: current, submitted: true });
    });
  });
})();
