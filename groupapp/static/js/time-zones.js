// Time-zone fields: suggest (or, on a new account, preselect) the zone this device reports.
// - data-browser-zone="preselect" on a select still showing UTC: choose the device's zone
//   when it is one of the options, and say so beside the field.
// - data-browser-zone="suggest" on a text field with a list of zones: when the device's
//   zone differs from the value, offer a button that fills it in.
(function () {
  "use strict";

  // Messages come translated from the page (data-msg-* of #page-messages, see base.html).
  function msg(key, english) {
    var holder = document.getElementById("page-messages");
    return (holder && holder.getAttribute("data-msg-" + key)) || english;
  }
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  if (!zone) return;
  function hint(field, text) {
    var note = document.createElement("p");
    note.className = "help";
    note.textContent = text;
    field.parentNode.insertBefore(note, field.nextSibling);
    return note;
  }
  document.querySelectorAll("[data-browser-zone]").forEach(function (field) {
    var mode = field.getAttribute("data-browser-zone");
    if (mode === "preselect" && field.tagName === "SELECT") {
      var known = Array.prototype.some.call(field.options, function (o) { return o.value === zone; });
      if (field.value === "UTC" && known && zone !== "UTC") {
        field.value = zone;
        hint(field, msg("zone-from-device", "Chosen from this device's settings. Change it if it is not where you live."));
      }
    } else if (mode === "suggest" && field.value !== zone) {
      var list = field.getAttribute("list");
      var options = list ? document.getElementById(list) : null;
      if (options && !options.querySelector('option[value="' + zone.replace(/"/g, "") + '"]')) return;
      var note = hint(field, "");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = msg("use-device-zone", "Use this device's time zone:") + " " + zone.replace(/_/g, " ");
      button.addEventListener("click", function () {
        field.value = zone;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        note.parentNode.removeChild(note);
        field.focus();
      });
      note.appendChild(button);
    }
  });
})();
