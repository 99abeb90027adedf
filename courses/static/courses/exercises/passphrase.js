/*
 * Passphrase trainer (courses/exercises/passphrase.py). The passphrase is read from the field and
 * estimated here (passphrase-estimator.js); it is never put in a request, a URL, storage or the
 * console. The one request this script makes carries a level name: {"level": "strong"}.
 */
function PassphraseTrainer(runtime, element, args) {
    "use strict";
    var root = element.querySelector ? element : element[0];
    var input = root.querySelector(".passphrase-input");
    var show = root.querySelector(".passphrase-show");
    var meter = root.querySelector(".passphrase-meter");
    var label = root.querySelector(".passphrase-label");
    var time = root.querySelector(".passphrase-time");
    var reasons = root.querySelector(".passphrase-reasons");
    var status = root.querySelector(".ex-feedback");
    var format = window.HocSoExercises.format;
    var messages = args.messages;
    var levels = window.HocSoPassphrase.LEVELS;
    var reported = args.reported ? levels.indexOf(args.reported) : -1;
    var announced = "";
    var timer = null;

    function number(n) {
        return new Intl.NumberFormat(document.documentElement.lang || "vi").format(n);
    }

    function duration(seconds) {
        var units = [
            ["centuries", 100 * 365 * 86400],
            ["years", 365 * 86400],
            ["days", 86400],
            ["hours", 3600],
            ["minutes", 60],
            ["seconds", 1],
        ];
        if (seconds < 1) {
            return messages.instant;
        }
        for (var i = 0; i < units.length; i += 1) {
            if (seconds >= units[i][1]) {
                var count = Math.floor(seconds / units[i][1]);
                // Past a billion centuries the exact figure says nothing more.
                return format(messages[units[i][0]], { n: number(Math.min(count, 1e9)) });
            }
        }
        return messages.instant;
    }

    function why(result) {
        var lines = [format(messages.length, { n: number(result.length) })];
        if (result.length < 12) {
            lines.push(messages.short);
        }
        var used = ["lower", "upper", "digits", "symbols"].filter(function (name) {
            return result.classes[name];
        });
        if (used.length) {
            lines.push(format(messages.classes, { classes: used.map(function (name) {
                return messages[name];
            }).join(", ") }));
        }
        ["common", "word", "date", "keyboard", "repeat"].forEach(function (kind) {
            if (result.found[kind]) {
                lines.push(messages[kind]);
            }
        });
        if (result.found.vietnamese) {
            lines.push(format(messages.vietnamese, { n: number(result.found.vietnamese) }));
        }
        if (result.level !== "strong") {
            lines.push(messages.advice);
        }
        return lines;
    }

    function report(level) {
        var rank = levels.indexOf(level);
        if (rank <= reported) {
            return;
        }
        reported = rank;
        window.HocSoExercises.postJson(runtime.handlerUrl(root, "report_level"), { level: level })
            .then(function (reply) {
                if (!reply.ok) {
                    reported = -1;
                    status.textContent = reply.data.error || messages.failed;
                } else if (reply.data.reached && levels.indexOf(level) >= levels.indexOf(args.required)) {
                    status.textContent = messages.reached + " " + messages.saved;
                }
            })
            .catch(function () {
                reported = -1;
                status.textContent = messages.failed;
            });
    }

    function update() {
        var value = input.value;
        reasons.textContent = "";
        if (!value) {
            meter.removeAttribute("data-level");
            label.textContent = "";
            time.textContent = messages.empty;
            return;
        }
        var result = window.HocSoPassphrase.estimate(value);
        meter.setAttribute("data-level", result.level);
        label.textContent = args.levels[result.level];
        time.textContent = format(messages.time, { time: duration(result.seconds) }) + " " + messages.assumption;
        why(result).forEach(function (line) {
            var item = document.createElement("li");
            item.textContent = line;
            reasons.appendChild(item);
        });
        // Announce the level when typing pauses, not on every key; report it the same way.
        clearTimeout(timer);
        timer = setTimeout(function () {
            if (announced !== result.level) {
                announced = result.level;
                status.textContent = args.levels[result.level];
            }
            report(result.level);
        }, 700);
    }

    input.addEventListener("input", update);
    show.addEventListener("change", function () {
        input.type = show.checked ? "text" : "password";
    });
}
