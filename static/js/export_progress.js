// Poll an export job's status and update the progress bar until it is done or failed.
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box) {
    return;
  }
  var url = box.dataset.statusUrl;
  var bar = document.getElementById("export-progress");
  var text = document.getElementById("export-progress-text");
  var status = document.getElementById("export-status");
  var error = document.getElementById("export-error");
  var download = document.getElementById("export-download");
  var finished = ["done", "failed", "expired"];

  function show(job) {
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    text.textContent = job.progress + " of " + job.total + " patients";
    status.textContent = job.status_display;
    if (job.error) {
      error.textContent = job.error;
      error.classList.remove("d-none");
    }
    if (job.download_url) {
      download.href = job.download_url;
      download.classList.remove("d-none");
    }
    return finished.indexOf(job.status) === -1;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (show(job)) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  poll();
})();
