// Follows a staff import while it runs: asks its status every 2 seconds, moves the progress bar
// and reloads the page once the import has finished, to show the result.
(function () {
    "use strict";
    var box = document.querySelector(".import-progress");
    if (!box || box.dataset.finished === "1") {
        return;
    }
    var bar = box.querySelector("progress");
    var status = box.querySelector(".import-status");
    function poll() {
        fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (state) {
                if (!state) {
                    window.setTimeout(poll, 5000);
                    return;
                }
                if (bar) {
                    bar.value = state.percent;
                    bar.textContent = state.percent + "%";
                }
                status.textContent = state.status_label;
                if (state.finished) {
                    window.location.reload();
                } else {
                    window.setTimeout(poll, 2000);
                }
            })
            .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 1000);
})();
