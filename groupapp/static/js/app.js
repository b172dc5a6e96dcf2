// Small enhancements that every page shares. The app works without them.
(function () {
  "use strict";

  // Messages come translated from the page (data-msg-* of #page-messages, see base.html).
  function msg(key, english) {
    var holder = document.getElementById("page-messages");
    return (holder && holder.getAttribute("data-msg-" + key)) || english;
  }
  document.documentElement.classList.add("js");

  // Phone menu: the whole navigation folds behind one button.
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      nav.classList.toggle("open", !open);
    });
  }

  // Header menus (<details>): one open at a time; Escape or a click elsewhere closes them.
  var menus = Array.prototype.slice.call(document.querySelectorAll(".nav-menu"));
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (!menu.open) return;
      menus.forEach(function (other) { if (other !== menu) other.open = false; });
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) { if (!menu.contains(event.target)) menu.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });

  // Stacked table rows on a phone: each cell carries its column's name.
  document.querySelectorAll("table.table:not(.grid-table)").forEach(function (table) {
    var heads = Array.prototype.map.call(
      table.querySelectorAll("thead tr:last-child th"), function (th) { return th.textContent.trim(); });
    if (!heads.length) return;
    table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (!cell.hasAttribute("data-label") && cell.colSpan === 1) {
          cell.setAttribute("data-label", heads[column] || "");
        }
        column += cell.colSpan || 1;
      });
    });
  });

  // An error summary takes focus, so a keyboard or screen-reader user hears what to fix.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  // Its links put the cursor in the field itself (the first box of a group), not only the
  // view: a fragment link alone scrolls but leaves focus where it was.
  document.querySelectorAll("[data-error-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      var control = target.matches("input, select, textarea") ? target
        : target.querySelector("input:not([type=hidden]), select, textarea");
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      (control || target).focus({ preventScroll: true });
    });
  });

  // Parts of a form that apply to one choice only: data-shown-when="<radio name>=<value>".
  // Without a script every part shows, and the server ignores the ones not chosen.
  var dependents = Array.prototype.slice.call(document.querySelectorAll("[data-shown-when]"));
  function showChosen() {
    dependents.forEach(function (part) {
      var rule = part.getAttribute("data-shown-when").split("=");
      var checked = document.querySelector('input[name="' + rule[0] + '"]:checked');
      part.hidden = !checked || checked.value !== rule[1];
    });
  }
  if (dependents.length) {
    document.addEventListener("change", function (event) {
      if (event.target.type === "radio") showChosen();
    });
    showChosen();
  }

  // Copy buttons: shown only where a script can copy; the text stays selectable anyway.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector(".copy-status");
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value || source.textContent).then(function () {
        if (status) status.textContent = msg("copied", "Copied. Paste it into your calendar app.");
      }, function () {
        source.select();
        if (status) status.textContent = msg("copy-failed", "Copying did not work here: the address is selected, copy it by hand.");
      });
    });
  });

  // Buttons that ask before doing something that cannot be undone. The answer travels
  // with the form as confirmed=yes; without a script the server asks on a page of its own.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); return; }
      if (el.form && !el.form.querySelector('input[name="confirmed"]')) {
        var answer = document.createElement("input");
        answer.type = "hidden";
        answer.name = "confirmed";
        answer.value = "yes";
        el.form.appendChild(answer);
      }
    });
  });
  // Slow work (imports, sending many emails, exports): once the form is sent its buttons
  // rest and a live region says what is happening, so nobody sends it twice or wonders.
  // Buttons are disabled on the next tick: a disabled button's name would leave the form.
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    var status = document.createElement("p");
    status.className = "busy-status";
    status.setAttribute("role", "status");
    form.appendChild(status);
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      window.setTimeout(function () {
        form.setAttribute("aria-busy", "true");
        form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
          b.disabled = true;
        });
        var button = event.submitter;
        status.textContent = (button && button.getAttribute("data-busy")) ||
          form.getAttribute("data-busy") || "Working\u2026";
      }, 0);
    });
  });
  // Coming back to the page (the back button) finds the form ready again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      var status = form.querySelector(".busy-status");
      if (status) status.textContent = "";
    });
  });
  // Downloads built on request (exports): the link says the file is on its way.
  document.querySelectorAll("a[data-busy]").forEach(function (link) {
    link.addEventListener("click", function () {
      var status = document.getElementById(link.getAttribute("aria-describedby") || "");
      if (status) status.textContent = link.getAttribute("data-busy");
    });
  });
})();
