/* Ordering steps (courses/exercises/ordering.py): move steps with buttons, post the order. */
function OrderingSteps(runtime, element, args) {
    "use strict";
    var root = element.querySelector ? element : element[0];
    var form = root.querySelector(".ex-form");
    var feedback = root.querySelector(".ex-feedback");
    var results = root.querySelector(".ex-results");
    var ex = window.HocSoExercises;
    var el = ex.el;
    var t = args.messages;
    if (!form) {
        return;
    }
    var list = form.querySelector(".steps");
    var submit = form.querySelector("button[type=submit]");
    // The shuffled order as first shown: "Try again" starts from it.
    var initial = Array.prototype.slice.call(list.children);

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
        var up = button.getAttribute("data-move") === "up";
        var values = { step: textOf(item) };
        if (up && !item.previousElementSibling) {
            feedback.textContent = ex.format(t.first, values);
            return;
        }
        if (!up && !item.nextElementSibling) {
            feedback.textContent = ex.format(t.last, values);
            return;
        }
        if (up) {
            list.insertBefore(item, item.previousElementSibling);
        } else {
            list.insertBefore(item.nextElementSibling, item);
        }
        // Moving a node drops focus in some browsers: keep it on the button just used.
        button.focus();
        values.position = items().indexOf(item) + 1;
        values.total = items().length;
        feedback.textContent = ex.format(t.moved, values);
    });

    // The same structure as ordering_results.html, which renders it after a reload.
    function verdict(data) {
        var nodes = [
            el("h3", { class: "ex-score", tabindex: "-1" }, [
                ex.format(t.score, { right: data.value, total: data.max_value }),
            ]),
            el("p", {}, [t.yours]),
            el("ol", { class: "steps" }, data.placed.map(function (item) {
                return el("li", { class: "step " + (item.correct ? "email-right" : "email-wrong") }, [
                    el("span", { class: "step-text" }, [item.text]),
                    item.correct
                        ? el("span", { class: "right" }, ["✓ " + t.right_place])
                        : el("span", { class: "wrong" }, ["✗ " + t.wrong_place]),
                ]);
            })),
            el("p", {}, [t.right_order]),
            el("ol", {}, data.steps.map(function (step) {
                return el("li", {}, [step]);
            })),
        ];
        if (data.explanation) {
            nodes.push(el("p", { class: "ex-explanation" }, [data.explanation]));
        }
        nodes.push(el("button", { type: "button", class: "button button-secondary ex-retry" }, [t.retry]));
        return nodes;
    }

    ex.wireRetry({
        runtime: runtime,
        root: root,
        form: form,
        results: results,
        feedback: feedback,
        messages: t,
        restore: function () {
            initial.forEach(function (item) {
                list.appendChild(item);
            });
        },
    });

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        var order = items().map(function (item) {
            return parseInt(item.getAttribute("data-step"), 10);
        });
        submit.disabled = true;
        feedback.textContent = t.sending;
        ex.postJson(runtime.handlerUrl(root, "submit"), { order: order })
            .then(function (reply) {
                if (!reply.ok) {
                    feedback.textContent = reply.data.error || t.failed;
                    submit.disabled = false;
                    return;
                }
                feedback.textContent = "";
                ex.showResults(form, results, verdict(reply.data));
            })
            .catch(function () {
                feedback.textContent = t.failed;
                submit.disabled = false;
            });
    });
}
