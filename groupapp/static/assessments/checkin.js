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
    // The page gives the sentence in its own language, with {answered} and {total} to fill.
    var sentence = progress.getAttribute("data-progress-text") || "{answered} of {total} answered";
    progress.textContent = sentence
      .replace("{answered}", String(answered))
      .replace("{total}", String(questions.length));
  }
  form.addEventListener("change", update);
  update();
})();
