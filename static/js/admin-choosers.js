// Starts Wagtail's image chooser for fields rendered by courses.widgets.CspImageChooser, whose
// options are JSON instead of Wagtail's inline script (blocked by our Content-Security-Policy).
// static/js/admin-widgets.js calls the same function for choosers added later.
(function () {
    "use strict";

    window.hocsoImageChooser = function (id, options) {
        return new window.ImageChooser(id, options);
    };

    function start() {
        document.querySelectorAll(
            "script[data-csp-init='hocsoImageChooser']:not([data-csp-done])"
        ).forEach(function (element) {
            if (typeof window.ImageChooser !== "function") {
                return;
            }
            element.dataset.cspDone = "1";
            window.hocsoImageChooser(element.dataset.cspTarget, JSON.parse(element.textContent));
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}());
