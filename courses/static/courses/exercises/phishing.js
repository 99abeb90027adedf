/* Phishing inbox (courses/exercises/phishing.py): posts the flagged email ids, shows the verdicts. */
function PhishingInbox(runtime, element, args) {
    "use strict";
    var root = element.querySelector ? element : element[0];
    var form = root.querySelector(".exercise-form");
    var status = root.querySelector(".exercise-status");
    var results = root.querySelector(".exercise-results");
    if (!form) {
        return;
    }
    var button = form.querySelector("button[type=submit]");

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        var flagged = Array.prototype.map.call(
            form.querySelectorAll("input[name=flagged]:checked"),
            function (box) {
                return box.value;
            }
        );
        button.disabled = true;
        status.textContent = args.messages.sending;
        window.HocSoExercises.postJson(runtime.handlerUrl(root, "submit"), { flagged: flagged })
            .then(function (reply) {
                if (!reply.ok) {
                    status.textContent = reply.data.error || args.messages.failed;
                    button.disabled = false;
                    return;
                }
                form.remove();
                results.innerHTML = reply.data.html;
                status.textContent = "";
                var score = results.querySelector(".exercise-score");
                if (score) {
                    score.focus();
                }
            })
            .catch(function () {
                status.textContent = args.messages.failed;
                button.disabled = false;
            });
    });
}
