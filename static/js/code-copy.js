// Copy buttons of code and command samples. Without the Clipboard API (an insecure origin, an
// old browser) the button stays hidden and the learner selects the text as usual.
(function () {
    "use strict";

    if (!navigator.clipboard) {
        return;
    }
    document.querySelectorAll("[data-copy-code]").forEach(function (button) {
        var figure = button.closest("figure");
        var code = figure.querySelector("code");
        var status = figure.querySelector("[data-copy-status]");
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(code.textContent).then(function () {
                status.textContent = button.dataset.copied;
            }, function () {
                status.textContent = button.dataset.failed;
            });
        });
    });
}());
