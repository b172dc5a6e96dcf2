// Template builder: refresh the phone preview when typing pauses, and show a question's options
// as soon as its type changes. Without this script the "Update preview" button does both.
(function () {
  "use strict";
  var form = document.querySelector("form[data-builder]");
  var status = document.getElementById("preview-status");
  if (!form || !window.fetch || !window.FormData) return;
  var PAUSE_MS = 1500; // when typing pauses, as homework autosave does
  var timer = null;
  var pending = null;

  function refresh() {
    var data = new FormData(form);
    data.set("action", "preview");
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Builder-Preview": "1", Accept: "application/json" },
      signal: pending ? pending.signal : undefined,
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok || typeof data.html !== "string") throw new Error(data.message || "");
        return data.html;
      });
    }).then(function (html) {
      var body = document.querySelector("[data-builder-preview-body]");
      if (body) body.outerHTML = html;
      if (status) status.textContent = "";
    }).catch(function (error) {
      if (error && error.name === "AbortError") return;
      // Signed out, or the server failed: what is typed stays in the form.
      var reason = error && error.message && error.message.length < 300 ? error.message + " " : "";
      if (status) status.textContent = reason + "The preview could not be refreshed; nothing typed is lost.";
    });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, PAUSE_MS);
  });
  form.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.hasAttribute || !select.hasAttribute("data-builder-type")) return;
    // The options differ per type: let the server lay the question out again.
    var button = document.createElement("button");
    button.type = "submit";
    button.name = "action";
    button.value = "type:" + select.name.replace(/-type$/, "");
    button.hidden = true;
    form.appendChild(button);
    button.click();
  });
})();
