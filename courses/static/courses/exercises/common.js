/* Shared by HọcSố's exercises: a JSON POST to an XBlock handler with Django's CSRF header. */
(function () {
    "use strict";
    if (window.HocSoExercises) {
        return;
    }

    function csrfToken() {
        var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        if (match) {
            return decodeURIComponent(match[1]);
        }
        var field = document.querySelector("input[name=csrfmiddlewaretoken]");
        return field ? field.value : "";
    }

    /* Resolves to {ok, status, data}; rejects only when the network fails. */
    function postJson(url, body) {
        return fetch(url, {
            method: "POST",
            credentials: "same-origin",
            headers: {
                "Content-Type": "application/json",
                "X-CSRFToken": csrfToken(),
                "X-Requested-With": "XMLHttpRequest",
            },
            body: JSON.stringify(body),
        }).then(function (response) {
            return response
                .json()
                .catch(function () {
                    return {};
                })
                .then(function (data) {
                    return { ok: response.ok, status: response.status, data: data };
                });
        });
    }

    /* "%(name)s" placeholders, as Django's gettext strings carry them. */
    function format(template, values) {
        return template.replace(/%\((\w+)\)s/g, function (whole, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
        });
    }

    window.HocSoExercises = { postJson: postJson, format: format };
})();
