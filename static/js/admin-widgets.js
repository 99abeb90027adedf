// Wagtail's date and time widgets start from inline scripts, which the Content-Security-Policy
// blocks (script-src without 'unsafe-inline'). Our overrides of their templates leave the
// initialiser's name, the input id and its options as JSON; this file makes the same call, for
// the page as loaded and for widgets added later (dialogs, repeated blocks).
(function () {
    "use strict";

    function start(root) {
        root.querySelectorAll("script[data-csp-init]:not([data-csp-done])").forEach(function (element) {
            var initialise = window[element.dataset.cspInit];
            if (typeof initialise !== "function") {
                return;
            }
            element.dataset.cspDone = "1";
            initialise(element.dataset.cspTarget, JSON.parse(element.textContent));
        });
    }

    function watch() {
        start(document);
        new MutationObserver(function () { start(document); }).observe(document.body, {
            childList: true,
            subtree: true,
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", watch);
    } else {
        watch();
    }
})();
