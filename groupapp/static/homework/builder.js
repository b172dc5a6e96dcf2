// Template builder: refresh the phone preview while typing, and show a question's options
// as soon as its type changes. Without this script the "Update preview" button does both.
(function () {
  "use strict";
  var form = document.querySelector("form[data-builder]");
  var status = document.getElementById("preview-status");
  if (!form || !window.fetch || !window.FormData) return;
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
      headers: { "X-Builder-Preview": "1", Accept: "text/html" },
      signal: pending ? pending.signal : undefined,
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var body = document.querySelector("[data-builder-preview-body]");
      if (body) body.outerHTML = html;
      if (status) status.textContent = "";
    }).catch(function (error) {
      if (error && error.name === "AbortError") return;
      if (status) status.textContent = "The preview could not be refreshed. Choose “Update preview” to try again.";
    });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 500);
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
