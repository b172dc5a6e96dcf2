// Check-in page: keep the "n of m answered" line current as options are chosen.
(function () {
  "use strict";
  var form = document.querySelector("[data-checkin-form]");
  if (!form) { return; }
  var progress = form.querySelector("[data-progress]");
  var questions = form.querySelectorAll("fieldset.question");
  function update() {
    var answered = 0;
    questions.forEach(function (q) {
      if (q.querySelector("input[type=radio]:checked")) { answered += 1; }
    });
    progress.textContent = answered + " of " + questions.length + " answered";
  }
  form.addEventListener("change", update);
  update();
})();
