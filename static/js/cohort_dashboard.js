// Draw the cohort dashboard charts from the data the page passes with json_script.
(function () {
  "use strict";
  var source = document.getElementById("cohort-charts");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var palette = ["#0d6efd", "#adb5bd", "#198754", "#dc3545", "#fd7e14", "#6f42c1",
                 "#20c997", "#ffc107", "#0dcaf0", "#d63384", "#6c757d"];

  document.querySelectorAll("canvas.cohort-chart").forEach(function (canvas) {
    var chart = charts[Number(canvas.dataset.chartIndex)];
    var round = chart.kind === "doughnut";
    new Chart(canvas, {
      type: chart.kind,
      data: {
        labels: chart.labels,
        datasets: chart.series.slice(0, chart.plot || chart.series.length).map(function (series, index) {
          return {
            label: series.label,
            data: series.data,
            backgroundColor: round ? palette : palette[index % palette.length],
            borderColor: round ? "#fff" : palette[index % palette.length],
            fill: false,
            tension: 0.2
          };
        })
      },
      options: {
        maintainAspectRatio: false,
        spanGaps: true,
        plugins: { legend: { display: round || (chart.plot || chart.series.length) > 1 } },
        scales: round ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
})();
