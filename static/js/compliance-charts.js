// Draws the HR dashboard's charts from the tables beside them. The table is the source of
// truth and stays on the page: the chart only repeats it for sighted readers, so the canvas is
// an image (role="img") labelled with the table's caption. No inline script and no eval (the
// site's Content-Security-Policy): everything is read from the table's markup.
//
// <table data-chart="bar|line" data-chart-column="1" data-chart-max="100">: row labels are the
// rows' <th>, values the data-value of the cells in that column, the dataset label its <th>.
(function () {
    "use strict";
    if (typeof window.Chart === "undefined") {
        return;
    }
    window.Chart.defaults.animation = false;
    document.querySelectorAll("table[data-chart]").forEach(function (table) {
        var column = parseInt(table.dataset.chartColumn || "1", 10);
        var labels = [];
        var values = [];
        table.querySelectorAll("tbody tr").forEach(function (row) {
            var label = row.querySelector("th");
            var cell = row.children[column];
            if (!label || !cell || cell.dataset.value === undefined) {
                return;
            }
            labels.push(label.textContent.trim());
            values.push(cell.dataset.value === "" ? null : parseFloat(cell.dataset.value));
        });
        if (!labels.length) {
            return;
        }
        var heading = table.querySelectorAll("thead th")[column];
        var caption = table.querySelector("caption");
        var canvas = document.createElement("canvas");
        canvas.setAttribute("role", "img");
        canvas.setAttribute(
            "aria-label",
            [caption ? caption.textContent.trim() : "", table.dataset.chartNote || ""].join(". ")
        );
        canvas.className = "chart";
        var box = document.createElement("div");
        box.className = "chart-box";
        box.appendChild(canvas);
        table.closest(".chart-figure").insertBefore(box, table.closest(".chart-figure").firstChild);
        var scale = { beginAtZero: true };
        if (table.dataset.chartMax) {
            scale.max = parseFloat(table.dataset.chartMax);
        }
        new window.Chart(canvas, {
            type: table.dataset.chart === "line" ? "line" : "bar",
            data: {
                labels: labels,
                datasets: [{
                    label: heading ? heading.textContent.trim() : "",
                    data: values,
                    backgroundColor: "#1d4f91",
                    borderColor: "#1d4f91",
                }],
            },
            options: {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                scales: { y: scale },
                plugins: { legend: { display: false } },
            },
        });
    });
})();
