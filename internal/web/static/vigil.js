// Vigil's dashboards: draws the charts a page declares with
// <canvas data-chart="line|bar" data-labels="[…]" data-values="[…]">,
// on load and after every htmx swap. No inline script: the pages run
// under script-src 'self'.
(function () {
  "use strict";
  function draw(root) {
    if (typeof Chart === "undefined") {
      return;
    }
    root.querySelectorAll("canvas[data-chart]").forEach(function (c) {
      if (c.dataset.drawn) {
        return;
      }
      c.dataset.drawn = "1";
      var kind = c.dataset.chart;
      new Chart(c, {
        type: kind,
        data: {
          labels: JSON.parse(c.dataset.labels || "[]"),
          datasets: [{
            label: c.dataset.label || "",
            data: JSON.parse(c.dataset.values || "[]"),
            borderColor: "#2457a6",
            backgroundColor: kind === "bar" ? "#5b8ad6" : "rgba(36,87,166,0.15)",
            fill: kind === "line",
            tension: 0.2
          }]
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, suggestedMax: kind === "line" ? 100 : undefined, ticks: { precision: 0 } } }
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (e) { draw(e.target || document); });
})();
