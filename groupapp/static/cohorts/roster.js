// Roster: one click marks every member without a mark yet as present.
(function () {
  "use strict";
  document.querySelectorAll("[data-mark-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      var status = button.getAttribute("data-mark-all");
      document.querySelectorAll(".roster-row").forEach(function (row) {
        if (row.querySelector("input[type=radio]:checked")) return;
        var choice = row.querySelector("input[type=radio][value='" + status + "']");
        if (choice) choice.checked = true;
      });
    });
  });
})();
