/* Phishing inbox (courses/exercises/phishing.py): posts the flagged email ids, shows the verdicts. */
function PhishingInbox(runtime, element, args) {
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
    var button = form.querySelector("button[type=submit]");

    // The same structure as phishing_results.html, which renders it after a reload.
    function verdict(data) {
        var items = data.results.map(function (result) {
            var mark = result.correct
                ? el("span", { class: "right" }, ["✓ " + t.right])
                : el("span", { class: "wrong" }, ["✗ " + t.wrong]);
            var children = [
                el("p", {}, [el("strong", {}, [result.subject]), " ", el("span", { class: "meta" }, ["— " + result.sender])]),
                el("p", {}, [
                    (result.is_phishing ? t.phishing : t.genuine) + " " +
                        (result.flagged ? t.flagged : t.not_flagged) + " ",
                    mark,
                ]),
            ];
            if (result.cues.length) {
                children.push(el("p", {}, [result.is_phishing ? t.cues_phishing : t.cues_safe]));
                children.push(el("ul", {}, result.cues.map(function (cue) {
                    return el("li", {}, [cue]);
                })));
            }
            return el("li", { class: "email " + (result.correct ? "email-right" : "email-wrong") }, children);
        });
        return [
            el("h3", { class: "ex-score", tabindex: "-1" }, [
                ex.format(t.score, { right: data.value, total: data.max_value }),
            ]),
            el("ul", { class: "inbox" }, items),
            el("button", { type: "button", class: "button button-secondary ex-retry" }, [t.retry]),
        ];
    }

    ex.wireRetry({
        runtime: runtime,
        root: root,
        form: form,
        results: results,
        feedback: feedback,
        messages: t,
        restore: function () {
            form.reset();
        },
    });

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        var flagged = Array.prototype.map.call(
            form.querySelectorAll("input[name=flagged]:checked"),
            function (box) {
                return box.value;
            }
        );
        button.disabled = true;
        feedback.textContent = t.sending;
        ex.postJson(runtime.handlerUrl(root, "submit"), { flagged: flagged })
            .then(function (reply) {
                if (!reply.ok) {
                    feedback.textContent = reply.data.error || t.failed;
                    button.disabled = false;
                    return;
                }
                feedback.textContent = "";
                ex.showResults(form, results, verdict(reply.data));
            })
            .catch(function () {
                feedback.textContent = t.failed;
                button.disabled = false;
            });
    });
}
