/* Ordering steps (courses/exercises/ordering.py): move steps with buttons, post the order. */
function OrderingSteps(runtime, element, args) {
    "use strict";
    var root = element.querySelector ? element : element[0];
    var form = root.querySelector(".exercise-form");
    var status = root.querySelector(".exercise-status");
    var results = root.querySelector(".exercise-results");
    if (!form) {
        return;
    }
    var list = form.querySelector(".steps");
    var submit = form.querySelector("button[type=submit]");
    var format = window.HocSoExercises.format;

    function items() {
        return Array.prototype.slice.call(list.children);
    }

    function textOf(item) {
        return item.querySelector(".step-text").textContent;
    }

    list.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-move]");
        if (!button) {
            return;
        }
        var item = button.closest("li");
        var direction = button.getAttribute("data-move");
        var values = { step: textOf(item) };
        if (direction === "up" && !item.previousElementSibling) {
            status.textContent = format(args.messages.first, values);
            return;
        }
        if (direction === "down" && !item.nextElementSibling) {
            status.textContent = format(args.messages.last, values);
            return;
        }
        if (direction === "up") {
            list.insertBefore(item, item.previousElementSibling);
        } else {
            list.insertBefore(item.nextElementSibling, item);
        }
        // Moving a node drops focus in some browsers: keep it on the button just used.
        button.focus();
        values.position = items().indexOf(item) + 1;
        values.total = items().length;
        status.textContent = format(args.messages.moved, values);
    });

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        var order = items().map(function (item) {
            return parseInt(item.getAttribute("data-step"), 10);
        });
        submit.disabled = true;
        status.textContent = args.messages.sending;
        window.HocSoExercises.postJson(runtime.handlerUrl(root, "submit"), { order: order })
            .then(function (reply) {
                if (!reply.ok) {
                    status.textContent = reply.data.error || args.messages.failed;
                    submit.disabled = false;
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
                submit.disabled = false;
            });
    });
}
