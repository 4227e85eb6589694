// Draw a patient's course: CK x ULN, MMT-8 %, HAQ-DI and physician global over time,
// with therapy courses as horizontal bars beneath. Every chart shares one linear time
// axis (milliseconds since the epoch) and the same axis widths, so the dates line up.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var DAY = 24 * 60 * 60 * 1000;
  var LEFT = 150;
  var RIGHT = 50;
  var range = data.range || { min: Date.now() - 30 * DAY, max: Date.now() };
  var pad = Math.max(15 * DAY, (range.max - range.min) * 0.03);

  function formatDate(ms) {
    var d = new Date(ms);
    var day = String(d.getUTCDate()).padStart(2, "0");
    var month = String(d.getUTCMonth() + 1).padStart(2, "0");
    return day + "/" + month + "/" + d.getUTCFullYear();
  }

  function fixedWidth(width) {
    return function (scale) {
      scale.width = width;
    };
  }

  function timeAxis() {
    return {
      type: "linear",
      min: range.min - pad,
      max: range.max + pad,
      ticks: { callback: formatDate, maxTicksLimit: 8 },
    };
  }

  function series(key) {
    return data.visits
      .filter(function (visit) {
        return visit[key] !== null;
      })
      .map(function (visit) {
        return { x: visit.t, y: visit[key] };
      });
  }

  function tooltip() {
    return {
      callbacks: {
        title: function (items) {
          return items.length ? formatDate(items[0].parsed.x) : "";
        },
      },
    };
  }

  function lineChart(id, datasets, scales, padRight) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return null;
    }
    scales.x = timeAxis();
    scales.y.afterFit = fixedWidth(LEFT);
    return new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { right: padRight ? RIGHT : 0 } },
        scales: scales,
        plugins: { tooltip: tooltip() },
      },
    });
  }

  var ckPoints = series("ck_x_uln");
  lineChart(
    "chart-ck",
    [
      { label: "CK × ULN", data: ckPoints, borderColor: "#b02a37", backgroundColor: "#b02a37" },
      {
        label: "Upper limit of normal",
        data: [
          { x: range.min - pad, y: 1 },
          { x: range.max + pad, y: 1 },
        ],
        borderColor: "#6c757d",
        borderDash: [6, 4],
        pointRadius: 0,
      },
    ],
    { y: { beginAtZero: true, title: { display: true, text: "× ULN" } } },
    true
  );

  lineChart(
    "chart-mmt",
    [{ label: "MMT-8 % of maximum", data: series("mmt8_pct"), borderColor: "#0d6efd", backgroundColor: "#0d6efd" }],
    { y: { min: 0, max: 100, title: { display: true, text: "% of max" } } },
    true
  );

  var functionScales = {
    y: { min: 0, max: 3, title: { display: true, text: "HAQ-DI" } },
    y1: { position: "right", min: 0, max: 10, grid: { drawOnChartArea: false }, title: { display: true, text: "PGA" }, afterFit: fixedWidth(RIGHT) },
  };
  lineChart(
    "chart-function",
    [
      { label: "HAQ-DI", data: series("haq"), borderColor: "#198754", backgroundColor: "#198754", yAxisID: "y" },
      { label: "Physician global", data: series("physician_global"), borderColor: "#fd7e14", backgroundColor: "#fd7e14", yAxisID: "y1" },
    ],
    functionScales,
    false
  );

  var therapyCanvas = document.getElementById("chart-therapy");
  if (therapyCanvas) {
    var labels = [];
    var bars = data.courses.map(function (course) {
      var label = course.drug + (course.line ? " (line " + course.line + ")" : "");
      if (labels.indexOf(label) === -1) {
        labels.push(label);
      }
      return { x: [course.start, course.stop], y: label, ongoing: course.ongoing };
    });
    therapyCanvas.parentNode.style.height = Math.max(8, labels.length * 2 + 4) + "rem";
    new Chart(therapyCanvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [
          {
            label: "Therapy courses",
            data: bars,
            backgroundColor: bars.map(function (bar) {
              return bar.ongoing ? "#198754" : "#adb5bd";
            }),
            barPercentage: 0.8,
            categoryPercentage: 0.9,
          },
        ],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { right: RIGHT } },
        scales: { x: timeAxis(), y: { type: "category", labels: labels, afterFit: fixedWidth(LEFT) } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                var raw = item.raw;
                return formatDate(raw.x[0]) + " – " + (raw.ongoing ? "ongoing" : formatDate(raw.x[1]));
              },
            },
          },
        },
      },
    });
  }
})();
