// Draws the API reference from the OpenAPI document (no inline script: strict CSP).
(function () {
  "use strict";
  var root = document.getElementById("reference");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    tryItOutEnabled: false,
  });
})();
