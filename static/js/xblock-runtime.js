/*
 * HọcSố's XBlock JavaScript runtime: what an XBlock's browser code expects from its host.
 *
 * Each exercise is rendered as <div class="xblock" data-init="Fn" data-init-args="{json}"
 * data-handler-prefix="/xblock/<page>/<usage>/">; on load this calls Fn(runtime, element, args)
 * as Open edX does. Handler calls are POSTs with the CSRF token, whatever method the block's own
 * code uses (drag-and-drop-v2 reads its state with a GET), because the server takes POST only.
 * `runtime.post(handler, payload)` sends through HocSo.reliablePost: resent with the same
 * idempotency key after a network failure, counted once by the server.
 */
(function () {
    "use strict";

    function container(element) {
        return element.closest(".exercise-block");
    }

    function xblockElement(element) {
        return element.classList && element.classList.contains("xblock")
            ? element
            : element.closest(".xblock");
    }

    function csrfToken(element) {
        var section = element ? container(element) : document.querySelector(".exercise-block");
        return section ? section.getAttribute("data-csrf-token") : "";
    }

    function isHandlerUrl(url) {
        try {
            var parsed = new URL(url, window.location.href);
            return parsed.origin === window.location.origin && parsed.pathname.indexOf("/xblock/") === 0;
        } catch (error) {
            return false;
        }
    }

    function announce(element, message) {
        var section = container(element);
        var status = section && section.querySelector(".exercise-status");
        if (status) {
            status.textContent = message || "";
        }
    }

    function makeRuntime(element) {
        return {
            handlerUrl: function (el, handlerName, suffix, query) {
                var target = xblockElement(el || element);
                var url = target.getAttribute("data-handler-prefix") + encodeURIComponent(handlerName) + "/";
                if (suffix) {
                    url += String(suffix).replace(/^\/+/, "");
                }
                if (query) {
                    url += "?" + query;
                }
                return url;
            },
            notify: function (name, data) {
                // Blocks report saving and errors here (free-text response); learners hear errors.
                if (name === "error") {
                    announce(element, (data && (data.message || data.title)) || "");
                }
                element.dispatchEvent(new CustomEvent("xblock:" + name, {detail: data, bubbles: true}));
            },
            // For our own exercises: a handler post that carries an idempotency key and waits in
            // the outbox until the server has answered (static/js/reliable-post.js).
            post: function (handlerName, payload) {
                return window.HocSo.reliablePost(this.handlerUrl(element, handlerName), payload, {});
            },
            children: function () {
                return [];
            },
            childMap: function () {
                return undefined;
            },
            element: element
        };
    }

    // Some third-party blocks leave a form control without a label (free-text response's
    // textarea): name it after the block's heading so screen readers announce something.
    function labelControls(element) {
        var heading = element.querySelector("h1, h2, h3, h4, h5, h6, legend");
        var name = heading ? heading.textContent.trim() : "";
        if (!name) {
            return;
        }
        element.querySelectorAll("input:not([type=hidden]), textarea, select").forEach(function (control) {
            var labelled = control.getAttribute("aria-label") || control.getAttribute("aria-labelledby") ||
                control.closest("label") || (control.id && element.querySelector("label[for='" + control.id + "']"));
            if (!labelled) {
                control.setAttribute("aria-label", name);
            }
        });
    }

    function initialize(element) {
        labelControls(element);
        var name = element.getAttribute("data-init");
        if (!name || element.getAttribute("data-initialized")) {
            return;
        }
        var init = window[name];
        if (typeof init !== "function") {
            announce(element, element.getAttribute("data-unavailable") || "");
            return;
        }
        var rawArgs = element.getAttribute("data-init-args");
        var args = rawArgs ? JSON.parse(rawArgs) : {};
        element.setAttribute("data-initialized", "true");
        init(makeRuntime(element), element, args);
    }

    if (window.jQuery) {
        window.jQuery.ajaxPrefilter(function (options, originalOptions, xhr) {
            if (isHandlerUrl(options.url)) {
                options.type = "POST";
                xhr.setRequestHeader("X-CSRFToken", csrfToken());
            }
        });
    }

    window.HocSoXBlock = {
        csrfToken: csrfToken,
        initializeBlocks: function (root) {
            (root || document).querySelectorAll(".xblock[data-init]").forEach(initialize);
        }
    };

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", function () {
            window.HocSoXBlock.initializeBlocks();
        });
    } else {
        window.HocSoXBlock.initializeBlocks();
    }
}());
