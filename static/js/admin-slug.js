// Page addresses in the Wagtail editor: plain ASCII from Vietnamese titles ("Sử dụng chữ ký số"
// → "su-dung-chu-ky-so", "đ" → "d"). Wagtail's own script, with WAGTAIL_ALLOW_UNICODE_SLUGS off,
// drops every letter carrying a tone mark ("s-dng-ch-ky-s") and writes "dj" for "đ"; this one
// writes the address the server would make (courses.text.ascii_slugify) after Wagtail has
// written its own, and again when the form is sent.
(function () {
    "use strict";

    function asciiSlug(text) {
        return text.replace(/đ/g, "d").replace(/Đ/g, "D")
            .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
            .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
            .slice(0, 255);
    }

    function start() {
        var title = document.getElementById("id_title");
        var slug = document.getElementById("id_slug");
        if (!title || !slug) {
            return;
        }
        // Like Wagtail: a new page's address follows its title until someone types one.
        var follows = slug.value === "" || slug.value === asciiSlug(title.value);
        var typed = null;

        function wanted() {
            return typed !== null ? asciiSlug(typed) : asciiSlug(title.value);
        }

        function later() {
            // After Wagtail's own (debounced) update of the field.
            window.setTimeout(function () {
                if (follows || typed !== null) {
                    slug.value = wanted();
                }
            }, 250);
        }

        ["input", "change", "blur"].forEach(function (name) {
            title.addEventListener(name, later);
        });
        slug.addEventListener("input", function (event) {
            if (event.isTrusted) {
                follows = false;
                typed = slug.value;
            }
        });
        slug.addEventListener("blur", later);
        if (slug.form) {
            slug.form.addEventListener("submit", function () {
                if (follows || typed !== null) {
                    slug.value = wanted();
                }
            }, true);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}());
