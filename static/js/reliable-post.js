// Progress posts that survive a weak link. Each post gets an idempotency key and waits in an
// outbox kept in localStorage until the server has answered it; it is resent with the same key
// after a network error, a server error or a reload, so the server (learning/idempotency.py)
// counts it once however many times it arrives.
//
//   HocSo.reliablePost(url, payload, {key}) -> Promise of {status, data}
//
// The promise settles when the server gives a final answer (2xx or 4xx). While the browser is
// offline it stays pending; the outbox is flushed when the connection comes back and when any
// page that loads this file opens.
(function () {
    "use strict";

    var OUTBOX = "hocso.outbox.v1";
    var GIVE_UP_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
    var MAX_DELAY_MS = 60 * 1000;
    var RETRY_STATUSES = [408, 409, 425, 429];
    var waiting = {};
    var inFlight = {};

    function newKey() {
        if (window.crypto && window.crypto.randomUUID) {
            return window.crypto.randomUUID();
        }
        var bytes = window.crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        var hex = Array.prototype.map.call(bytes, function (b) {
            return (b + 0x100).toString(16).slice(1);
        }).join("");
        return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
    }

    function csrfToken() {
        var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        if (match) {
            return decodeURIComponent(match[1]);
        }
        var field = document.querySelector("input[name=csrfmiddlewaretoken]");
        return field ? field.value : "";
    }

    function load() {
        try {
            return JSON.parse(window.localStorage.getItem(OUTBOX)) || [];
        } catch (error) {
            return [];
        }
    }

    function store(items) {
        try {
            window.localStorage.setItem(OUTBOX, JSON.stringify(items));
        } catch (error) {
            // Private mode or a full quota: the post still goes out, it just does not outlive the page.
        }
    }

    function remember(item) {
        var items = load().filter(function (other) { return other.key !== item.key; });
        items.push(item);
        store(items);
    }

    function forget(key) {
        store(load().filter(function (item) { return item.key !== key; }));
    }

    function settle(key, outcome) {
        forget(key);
        delete inFlight[key];
        var resolve = waiting[key];
        delete waiting[key];
        if (resolve) {
            resolve(outcome);
        }
    }

    function send(item, attempt) {
        if (Date.now() - item.at > GIVE_UP_AFTER_MS) {
            settle(item.key, {status: 0, data: null, expired: true});
            return;
        }
        inFlight[item.key] = true;
        var retry = function () {
            var delay = Math.min(MAX_DELAY_MS, 1000 * Math.pow(2, attempt));
            window.setTimeout(function () {
                if (navigator.onLine === false) {
                    delete inFlight[item.key];  // the "online" event sends it again
                    return;
                }
                send(item, attempt + 1);
            }, delay);
        };
        window.fetch(item.url, {
            method: "POST",
            credentials: "same-origin",
            headers: {
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-CSRFToken": csrfToken(),
                "Idempotency-Key": item.key
            },
            body: JSON.stringify(item.payload)
        }).then(function (response) {
            if (response.status >= 500 || RETRY_STATUSES.indexOf(response.status) !== -1) {
                retry();
                return;
            }
            return response.json().catch(function () { return null; }).then(function (data) {
                settle(item.key, {status: response.status, data: data});
            });
        }, retry);
    }

    function flush() {
        load().forEach(function (item) {
            if (!inFlight[item.key]) {
                send(item, 0);
            }
        });
    }

    function reliablePost(url, payload, options) {
        var item = {url: url, payload: payload, key: (options && options.key) || newKey(), at: Date.now()};
        remember(item);
        return new Promise(function (resolve) {
            waiting[item.key] = resolve;
            send(item, 0);
        });
    }

    window.HocSo = window.HocSo || {};
    window.HocSo.reliablePost = reliablePost;
    window.HocSo.csrfToken = csrfToken;
    window.HocSo.newKey = newKey;
    window.addEventListener("online", flush);
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", flush);
    } else {
        flush();
    }
}());
