/*
 * HọcSố's passphrase estimator: how many guesses would find this passphrase, and why.
 *
 * It runs in the browser only (and under Node for the tests). The idea is zxcvbn's, written small:
 * cut the passphrase into pieces an attacker would guess as a whole (a common password, a word or
 * name, a Vietnamese syllable, a date, a keyboard walk, a repeat, a separator) or else character by
 * character, and take the cut that needs the fewest guesses (dynamic programming over positions).
 * The guesses of a cut are the product of its pieces' guesses. The figures are deliberately round:
 *   - a common password: one of the ~1,000 that every cracking list starts with;
 *   - a common word or name: one of ~20,000 words in attackers' lists;
 *   - a Vietnamese syllable typed without diacritics: one of ~3,000 (≈7,000 with diacritics);
 *   - a date: 31 days × 12 months × 140 years; a year alone: 140;
 *   - a keyboard walk or sequence (qwerty, 1qaz, 1234, abcd): 20 per character;
 *   - a separator (space - _ . ,): 6;
 *   - any other character: the size of the alphabet the whole passphrase draws from
 *     (26 lowercase + 26 capitals + 10 digits + 33 symbols, +100 for letters with diacritics).
 * Capitals inside a recognised piece only double it (first letter or all capitals) or double it
 * per capital otherwise. The attacker is assumed to hold a stolen, fast-hashed password database
 * and to try 10^10 guesses a second.
 */
(function (root) {
    "use strict";

    var GUESSES_PER_SECOND = 1e10;
    var LEVELS = ["very_weak", "weak", "fair", "strong"];
    // Seconds a guess would take, upper bound of each level but the last.
    var LEVEL_LIMITS = [3600, 365 * 86400, 100 * 365 * 86400];
    var MAX_LENGTH = 128;

    // Passwords every list starts with, including Vietnamese favourites (typed without diacritics).
    var COMMON = (
        "123456 12345678 123456789 1234567890 password matkhau matkhau123 admin admin123 " +
        "iloveyou anhyeuem emyeuanh yeuem yeuanh anhyeuem123 qwerty qwerty123 abc123 111111 " +
        "000000 123123 654321 666666 888888 999999 112233 147258 147258369 123321 88888888 " +
        "letmein welcome monkey dragon football baseball sunshine princess superman " +
        "passw0rd p@ssw0rd pass1234 changeme trustno1 hocso hocso123 vietnam vietnam123 " +
        "hanoi123 saigon123 conmeo conchuot"
    ).split(" ");

    // Words and names attackers' lists hold; Vietnamese ones without diacritics.
    var WORDS = (
        "nguyen tran pham hoang huynh phan dang bui duong trinh dinh ngoc thanh minh " +
        "linh huong hung tuan dung hoa lan mai anh hieu trang thao thuy phuong quang " +
        "long nam hai son duc trung kien khanh hanh yen nhung diep giang chien cuong " +
        "hanoi saigon danang haiphong cantho hue ninhbinh vietnam viet " +
        "yeu thuong giadinh tinhyeu hanhphuc matkhau taikhoan dangnhap congvu coquan " +
        "password admin login user master secret summer winter spring autumn monday " +
        "love hello dragon shadow computer internet football soccer office"
    ).split(" ");

    var KEYBOARD = [
        "qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "qazwsxedcrfvtgbyhnujmikolp",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "0987654321", "poiuytrewq", "lkjhgfdsa", "mnbvcxz",
    ];

    // A Vietnamese syllable without diacritics: onset, vowel nucleus (with its glide), final.
    var SYLLABLE = new RegExp(
        "^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?" +
            "(uye|uya|uyu|uoi|uou|oai|oay|oeo|uay|ieu|yeu|uoi|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|" +
            "oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|a|e|i|o|u|y)" +
            "(ch|ng|nh|c|m|n|p|t)?$"
    );
    var DATE = /^(\d{1,2})[\/\-. ]?(\d{1,2})[\/\-. ]?(\d{4}|\d{2})$|^(\d{4})[\/\-. ]?(\d{1,2})[\/\-. ]?(\d{1,2})$/;
    var SEPARATORS = " -_.,";

    // One character of the passphrase, reduced to what matching needs: ASCII lower case and
    // whether it carried a diacritic (đ counts as d with a mark).
    function plain(ch) {
        var lower = ch.toLowerCase();
        if (lower === "đ") {
            return { ch: "d", marked: true };
        }
        var stripped = lower.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
        if (stripped.length === 1 && stripped !== lower) {
            return { ch: stripped, marked: true };
        }
        return { ch: lower, marked: false };
    }

    function alphabetSize(chars) {
        var classes = { lower: false, upper: false, digits: false, symbols: false, marked: false };
        chars.forEach(function (ch) {
            var p = plain(ch);
            if (p.marked) {
                classes.marked = true;
            }
            if (/[a-z]/.test(ch)) {
                classes.lower = true;
            } else if (/[A-Z]/.test(ch)) {
                classes.upper = true;
            } else if (/[0-9]/.test(ch)) {
                classes.digits = true;
            } else if (/[a-z]/.test(p.ch)) {
                classes[ch === ch.toLowerCase() ? "lower" : "upper"] = true;
            } else {
                classes.symbols = true;
            }
        });
        var size =
            (classes.lower ? 26 : 0) + (classes.upper ? 26 : 0) + (classes.digits ? 10 : 0) +
            (classes.symbols ? 33 : 0) + (classes.marked ? 100 : 0);
        return { size: Math.max(size, 10), classes: classes };
    }

    // log10 of the guesses that capitals add to a recognised piece.
    function capitalsLog(original) {
        var letters = original.replace(/[^A-Za-zÀ-ỹĐđ]/g, "");
        var capitals = letters.replace(/[^A-ZÀ-ỸĐ]/g, "").length;
        if (capitals === 0 || letters.toLowerCase() === letters) {
            return 0;
        }
        var first = letters.charAt(0);
        if (capitals === letters.length || (capitals === 1 && first !== first.toLowerCase())) {
            return Math.log10(2);
        }
        return capitals * Math.log10(2);
    }

    function isSequence(text) {
        if (text.length < 3) {
            return false;
        }
        var step = text.charCodeAt(1) - text.charCodeAt(0);
        if (step !== 1 && step !== -1) {
            return false;
        }
        for (var i = 2; i < text.length; i += 1) {
            if (text.charCodeAt(i) - text.charCodeAt(i - 1) !== step) {
                return false;
            }
        }
        return /^[a-z]+$|^[0-9]+$/.test(text);
    }

    function isKeyboardWalk(text) {
        return (
            text.length >= 4 &&
            KEYBOARD.some(function (row) {
                return row.indexOf(text) !== -1;
            })
        );
    }

    function isDate(text) {
        var m = DATE.exec(text);
        if (!m) {
            return false;
        }
        var day = parseInt(m[1] || m[6], 10);
        var month = parseInt(m[2] || m[5], 10);
        return day >= 1 && day <= 31 && month >= 1 && month <= 12;
    }

    function isYear(text) {
        var year = /^\d{4}$/.test(text) ? parseInt(text, 10) : 0;
        return year >= 1900 && year <= 2039;
    }

    // The cheapest way to guess the piece chars[i..j) as a whole, or null: {log, kind}.
    function piece(chars, plains, i, j, bruteLog) {
        var text = plains.slice(i, j).map(function (p) {
            return p.ch;
        }).join("");
        var original = chars.slice(i, j).join("");
        var marked = plains.slice(i, j).some(function (p) {
            return p.marked;
        });
        var options = [];
        var caps = capitalsLog(original);
        if (text.length >= 3 && !marked && COMMON.indexOf(text) !== -1) {
            options.push({ log: 3 + caps, kind: "common" });
        }
        if (text.length >= 3 && WORDS.indexOf(text) !== -1) {
            options.push({ log: Math.log10(20000) + caps + (marked ? Math.log10(6) : 0), kind: "word" });
        }
        if (text.length >= 2 && text.length <= 7 && SYLLABLE.test(text)) {
            options.push({ log: Math.log10(marked ? 7000 : 3000) + caps, kind: "vietnamese" });
        }
        if (isYear(text)) {
            options.push({ log: Math.log10(140), kind: "date" });
        } else if (text.length >= 4 && isDate(text)) {
            options.push({ log: Math.log10(31 * 12 * 140), kind: "date" });
        }
        if (isSequence(text) || isKeyboardWalk(text)) {
            options.push({ log: Math.log10(20 * text.length) + caps, kind: "keyboard" });
        }
        if (j - i === 1 && SEPARATORS.indexOf(text) !== -1) {
            options.push({ log: Math.log10(6), kind: "separator" });
        }
        // A repeat: the same unit two or more times costs the unit once, times the count.
        for (var unit = 1; unit <= (j - i) / 2; unit += 1) {
            if ((j - i) % unit === 0 && j - i >= 3) {
                var head = original.slice(0, unit);
                var repeated = true;
                for (var k = unit; k < original.length; k += unit) {
                    if (original.slice(k, k + unit) !== head) {
                        repeated = false;
                        break;
                    }
                }
                if (repeated) {
                    var unitLog = unit === 1 ? bruteLog : cheapest(chars.slice(i, i + unit), bruteLog).log;
                    options.push({ log: unitLog + Math.log10((j - i) / unit), kind: "repeat" });
                    break;
                }
            }
        }
        if (!options.length) {
            return null;
        }
        return options.reduce(function (best, option) {
            return option.log < best.log ? option : best;
        });
    }

    // Dynamic programming: the cut of chars with the fewest guesses (log10) and its pieces' kinds.
    function cheapest(chars, bruteLog) {
        var n = chars.length;
        var plains = chars.map(plain);
        var best = [{ log: 0, kinds: [] }];
        for (var j = 1; j <= n; j += 1) {
            var previous = best[j - 1];
            var candidate = { log: previous.log + bruteLog, kinds: previous.kinds.concat(["brute"]) };
            for (var i = Math.max(0, j - 40); i < j; i += 1) {
                var found = piece(chars, plains, i, j, bruteLog);
                if (found && best[i].log + found.log < candidate.log) {
                    candidate = { log: best[i].log + found.log, kinds: best[i].kinds.concat([found.kind]) };
                }
            }
            best.push(candidate);
        }
        return best[n];
    }

    function levelOf(seconds) {
        for (var i = 0; i < LEVEL_LIMITS.length; i += 1) {
            if (seconds < LEVEL_LIMITS[i]) {
                return LEVELS[i];
            }
        }
        return LEVELS[LEVELS.length - 1];
    }

    /*
     * Estimate a passphrase: {length, log10Guesses, seconds, level, classes, found}, where found
     * counts the pieces of each kind in the cheapest cut (common, word, vietnamese, date,
     * keyboard, repeat, separator, brute).
     */
    function estimate(passphrase) {
        var chars = Array.from(passphrase || "").slice(0, MAX_LENGTH);
        var alphabet = alphabetSize(chars);
        var cut = cheapest(chars, Math.log10(alphabet.size));
        var found = {};
        cut.kinds.forEach(function (kind) {
            found[kind] = (found[kind] || 0) + 1;
        });
        var seconds = Math.pow(10, cut.log) / GUESSES_PER_SECOND;
        return {
            length: chars.length,
            log10Guesses: cut.log,
            seconds: seconds,
            level: chars.length ? levelOf(seconds) : LEVELS[0],
            classes: alphabet.classes,
            found: found,
        };
    }

    var api = { estimate: estimate, LEVELS: LEVELS };
    root.HocSoPassphrase = api;
    if (typeof module !== "undefined" && module.exports) {
        module.exports = api;
    }
})(typeof window !== "undefined" ? window : globalThis);
