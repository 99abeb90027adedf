// Lesson videos report the parts actually played to learning:video_progress. The media
// element's `played` ranges grow only while the video plays, so seeking past a part never counts
// it. Posts go through HocSo.reliablePost (queued and resent with their idempotency key on a weak
// link) every 15 s of playing, on pause, at the end and when the page is hidden; the server keeps
// the union of the ranges, so a resent or overlapping post never counts a second twice.
(function () {
    "use strict";

    var EVERY_MS = 15000;

    function tenths(seconds) {
        return Math.round(seconds * 10) / 10;
    }

    function playedRanges(video) {
        var ranges = [];
        for (var i = 0; i < video.played.length; i += 1) {
            ranges.push([tenths(video.played.start(i)), tenths(video.played.end(i))]);
        }
        return ranges;
    }

    function track(video) {
        var figure = video.closest("figure");
        var label = figure ? figure.querySelector("[data-watched-percent]") : null;
        var lastSent = "";
        var timer = null;

        function report() {
            if (!isFinite(video.duration) || video.duration <= 0 || !window.HocSo) {
                return;
            }
            var intervals = playedRanges(video).filter(function (range) {
                return range[1] > range[0];
            });
            var signature = JSON.stringify(intervals);
            if (!intervals.length || signature === lastSent) {
                return;
            }
            lastSent = signature;
            window.HocSo.reliablePost(video.dataset.progressUrl, {
                block_id: video.dataset.blockId,
                duration: tenths(video.duration),
                intervals: intervals
            }).then(function (result) {
                if (result.status === 200 && result.data && label) {
                    label.textContent = result.data.percent;
                }
            });
        }

        function stop() {
            window.clearInterval(timer);
            timer = null;
            report();
        }

        video.addEventListener("play", function () {
            if (timer === null) {
                timer = window.setInterval(report, EVERY_MS);
            }
        });
        video.addEventListener("pause", stop);
        video.addEventListener("ended", stop);
        document.addEventListener("visibilitychange", function () {
            if (document.visibilityState === "hidden") {
                report();
            }
        });
    }

    document.querySelectorAll("video[data-progress-url]").forEach(track);
}());
