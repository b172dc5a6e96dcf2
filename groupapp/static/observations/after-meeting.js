// After-meeting screen: a member marked absent or excused was not there to be observed,
// so any rating already tapped for them is cleared (the stylesheet folds the ratings away).
// Without this script the server names the problem instead and keeps everything typed.
(function () {
  "use strict";
  var form = document.getElementById("after-meeting-form");
  if (!form) return;
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.name || input.name.indexOf("status-") !== 0) return;
    if (input.value !== "absent" && input.value !== "excused") return;
    var sheet = input.closest(".member-sheet");
    if (!sheet) return;
    Array.prototype.forEach.call(sheet.querySelectorAll(".observation input[type=radio]"), function (rating) {
      rating.checked = false;
    });
  }, true);  // before the autosave script reads the form
})();
