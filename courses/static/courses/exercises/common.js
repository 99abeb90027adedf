/* Shared by HọcSố's exercises: a JSON POST to an XBlock handler with Django's CSRF header. */
(function () {
    "use strict";
    if (window.HocSoExercises) {
        return;
    }

    function csrfToken() {
        // The host page's token first (HọcSố's XBlock runtime carries it), then Django's cookie.
        if (window.HocSoXBlock && window.HocSoXBlock.csrfToken) {
            var token = window.HocSoXBlock.csrfToken();
            if (token) {
                return token;
            }
        }
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

    /* A DOM element: el("li", {class: "x"}, ["text", otherElement]); text is never parsed as HTML. */
    function el(tag, attributes, children) {
        var node = document.createElement(tag);
        Object.keys(attributes || {}).forEach(function (name) {
            node.setAttribute(name, attributes[name]);
        });
        (children || []).forEach(function (child) {
            node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
        });
        return node;
    }

    /* Show a handler's verdict in place of the form and move focus to its heading. */
    function showResults(form, results, nodes) {
        form.remove();
        nodes.forEach(function (node) {
            results.appendChild(node);
        });
        var heading = results.querySelector(".ex-score");
        if (heading) {
            heading.focus();
        }
    }

    window.HocSoExercises = { postJson: postJson, format: format, el: el, showResults: showResults };
})();
