// Progressive enhancement of the section steps: the "what the company will do" box is shown
// only for chosen items (and for any box that already holds text). Without JavaScript every
// box is simply shown.
(function () {
  "use strict";
  document.querySelectorAll(".choice-item").forEach(function (item) {
    var box = item.querySelector(":scope > .form-row > input[type=checkbox]");
    var answer = item.querySelector(".item-answer");
    if (!box || !answer) {
      return;
    }
    var area = answer.querySelector("textarea");
    var sync = function () {
      answer.hidden = !box.checked && !(area && area.value.trim());
    };
    box.addEventListener("change", function () {
      sync();
      if (box.checked && area) {
        area.focus();
      }
    });
    sync();
  });
})();
