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

    /*
     * Resolves to {ok, status, data}; rejects only when the network fails. Where the page has
     * HọcSố's resending outbox (static/js/reliable-post.js), posts go through it instead: a weak
     * link then resends with one idempotency key, and the handlers answer a resend alike.
     */
    function postJson(url, body) {
        if (window.HocSo && window.HocSo.reliablePost) {
            return window.HocSo.reliablePost(url, body).then(function (reply) {
                var ok = reply.status >= 200 && reply.status < 300;
                return { ok: ok, status: reply.status, data: reply.data || {} };
            });
        }
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

    /* Show a handler's verdict in place of the (hidden, kept) form and move focus to its heading. */
    function showResults(form, results, nodes) {
        form.hidden = true;
        results.textContent = "";
        nodes.forEach(function (node) {
            results.appendChild(node);
        });
        results.hidden = false;
        var heading = results.querySelector(".ex-score");
        if (heading) {
            heading.focus();
        }
    }

    /*
     * "Try again" (the .ex-retry button in the verdict): the block's "reset" handler clears the
     * submission, then the form comes back as at first (`restore` puts its controls back) with
     * focus on its first control.
     */
    function wireRetry(options) {
        options.results.addEventListener("click", function (event) {
            var button = event.target.closest(".ex-retry");
            if (!button) {
                return;
            }
            button.disabled = true;
            var url = options.runtime.handlerUrl(options.root, "reset");
            postJson(url, {})
                .then(function (reply) {
                    if (!reply.ok) {
                        options.feedback.textContent = reply.data.error || options.messages.failed;
                        button.disabled = false;
                        return;
                    }
                    options.results.hidden = true;
                    options.results.textContent = "";
                    options.restore();
                    options.form.hidden = false;
                    options.form.querySelector("button[type=submit]").disabled = false;
                    options.feedback.textContent = options.messages.again;
                    options.form.querySelector("input, button").focus();
                })
                .catch(function () {
                    options.feedback.textContent = options.messages.failed;
                    button.disabled = false;
                });
        });
    }

    window.HocSoExercises = {
        postJson: postJson,
        format: format,
        el: el,
        showResults: showResults,
        wireRetry: wireRetry,
    };
})();
