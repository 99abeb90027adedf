// "Check your understanding" questions in lessons: instant feedback in the browser, nothing sent
// or recorded. The button is shown only when this script runs; the verdict goes to a status
// live region so screen readers announce it.
(function () {
    "use strict";

    function chosenValues(section) {
        return Array.prototype.filter.call(section.querySelectorAll("input"), function (input) {
            return input.checked;
        }).map(function (input) {
            return input.value;
        }).sort().join(",");
    }

    function start(section) {
        var button = section.querySelector("[data-check]");
        var feedback = section.querySelector("[data-feedback]");
        var explanation = section.querySelector("[data-explanation]");
        var correct = section.dataset.correct.split(",").filter(Boolean).sort().join(",");
        button.hidden = false;
        button.addEventListener("click", function () {
            var chosen = chosenValues(section);
            var message;
            section.classList.remove("is-right", "is-wrong");
            if (!chosen) {
                message = feedback.dataset.empty;
            } else if (chosen === correct) {
                section.classList.add("is-right");
                message = feedback.dataset.right;
            } else {
                section.classList.add("is-wrong");
                message = feedback.dataset.wrong;
            }
            if (explanation && chosen) {
                explanation.hidden = false;
            }
            // Emptied first so the same verdict twice in a row is announced again.
            feedback.textContent = "";
            window.setTimeout(function () {
                feedback.textContent = message;
            }, 50);
        });
    }

    document.querySelectorAll("[data-check-question]").forEach(start);
}());
