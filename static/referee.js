/* Referee: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  const FINAL = ["done", "failed", "refused"];

  function csrfToken(form) {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function text(el, value) {
    if (el) el.textContent = value;
  }

  // Lab switcher: choosing a lab switches at once.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Irreversible actions ask first (a form with data-confirm="question").
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  // Focus a section the server asks for (the rubric preview after "Preview ranking").
  const focusTarget = document.querySelector("[data-focus-on-load]");
  if (focusTarget) {
    focusTarget.scrollIntoView({ block: "start" });
    focusTarget.focus({ preventScroll: true });
  }

  // A quote's page link opens the rendered page in a dialog, the quote highlighted.
  const dialog = document.getElementById("page-dialog");
  if (dialog && typeof dialog.showModal === "function") {
    const img = dialog.querySelector("[data-page-img]");
    const title = dialog.querySelector("#page-dialog-title");
    const note = dialog.querySelector("[data-page-note]");
    let opener = null;
    document.addEventListener("click", function (event) {
      const link = event.target.closest("a[data-page-image]");
      if (!link) return;
      event.preventDefault();
      opener = link;
      img.removeAttribute("src");
      img.alt = "Loading the page…";
      img.src = link.dataset.pageImage;
      const quote = link.closest(".quote");
      const caption = link.dataset.pageCaption || "Page";
      text(title, caption);
      img.alt = caption + (quote ? ", with the quote highlighted: " + quote.querySelector("p").textContent : "");
      // Say whether the quote was found on the page: the image reports how many boxes it drew.
      if (note) {
        text(note, quote ? "Looking for the quote on this page…" : "");
        fetch(link.dataset.pageImage, { method: "HEAD", credentials: "same-origin" })
          .then(function (response) {
            const found = parseInt(response.headers.get("X-Referee-Highlights") || "0", 10);
            if (!quote) return;
            text(note, found > 0
              ? "The quoted text is highlighted."
              : "The quote could not be found in this page's text, so nothing is highlighted; it is on page " +
                (link.dataset.pageCaption || "").replace(/^Page /, "") + " as the reader saw it.");
          })
          .catch(function () { text(note, ""); });
      }
      dialog.showModal();
    });
    dialog.addEventListener("close", function () {
      if (opener) opener.focus();
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();  // a click on the backdrop
    });
  }

  // Shortlist: j / k move between candidates, Enter opens one (links are focusable anyway).
  const rowsTable = document.querySelector("[data-keyboard-rows]");
  if (rowsTable) {
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.target.closest("input, select, textarea")) return;
      if (event.key !== "j" && event.key !== "k") return;
      const links = Array.from(rowsTable.querySelectorAll("a.candidate-link"));
      if (!links.length) return;
      const current = links.indexOf(document.activeElement);
      const next = event.key === "j" ? Math.min(current + 1, links.length - 1) : Math.max(current - 1, 0);
      links[current === -1 ? 0 : next].focus();
      event.preventDefault();
    });
  }

  // Compare two to four candidates; move any number of them to a stage.
  document.querySelectorAll("form[data-max]").forEach(function (form) {
    const max = parseInt(form.dataset.max, 10);
    const button = form.querySelector("[data-compare-button]");
    const move = form.querySelector("button[value=move]");
    function update() {
      const boxes = Array.from(form.querySelectorAll("input[name=c]"));
      const chosen = boxes.filter(function (b) { return b.checked; }).length;
      if (button) button.disabled = chosen < 2 || chosen > max;
      if (move) move.disabled = chosen < 1;
    }
    form.addEventListener("change", update);
    update();
  });

  // Shortlist: reload when documents finish or the rescore after a rubric edit lands.
  const refresh = document.querySelector("meta[name=referee-refresh]");
  if (refresh) {
    let before = null;
    const poll = function () {
      fetch(refresh.content, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          const now = [data.stale, data.counts.queued, data.counts.processing, data.counts.done, data.counts.failed].join();
          if (before !== null && now !== before) {
            window.location.reload();
            return;
          }
          before = now;
          if (data.stale || data.counts.queued || data.counts.processing) setTimeout(poll, 1500);
          else window.location.reload();
        })
        .catch(function () { setTimeout(poll, 5000); });
    };
    setTimeout(poll, 1500);
  }

  // Upload: drop or choose files, send them, then watch each one being read.
  const uploadForm = document.querySelector("form[data-upload]");
  if (uploadForm) {
    const input = uploadForm.querySelector("input[type=file]");
    const zone = uploadForm.querySelector("[data-dropzone]");
    const bar = uploadForm.querySelector("[data-upload-bar]");
    const rows = document.querySelector("[data-progress-rows]");
    const summary = document.querySelector("[data-progress-summary]");
    const progressUrl = uploadForm.dataset.progressUrl;
    const candidateUrl = uploadForm.dataset.candidateUrl;
    let polling = false;

    function statusCell(row, status, label, error) {
      const span = row.querySelector("[data-status]");
      span.className = "status status-" + status;
      span.textContent = label;
      let small = row.querySelector("[data-error]");
      if (error) {
        if (!small) {
          small = document.createElement("small");
          small.className = "error";
          small.setAttribute("data-error", "");
          span.parentNode.appendChild(document.createElement("br"));
          span.parentNode.appendChild(small);
        }
        small.textContent = error;
      }
      row.dataset.state = status;
    }

    function addRow(item) {
      const empty = rows.querySelector(".empty-row");
      if (empty) empty.remove();
      const existing = item.document && rows.querySelector('tr[data-document="' + item.document + '"]');
      const row = existing || document.createElement("tr");
      row.className = "just-uploaded";
      row.innerHTML = "<td></td><td><span data-status></span></td><td class=num data-pages>–</td><td></td>";
      row.cells[0].textContent = item.name + (item.created === false && item.document ? " (already uploaded)" : "");
      if (item.document) row.dataset.document = item.document;
      statusCell(row, item.status, item.status_label, item.error || item.document_error);
      rows.insertBefore(row, rows.firstChild);
      return row;
    }

    function pending() {
      return Array.from(rows.querySelectorAll("tr[data-document]")).filter(function (row) {
        const span = row.querySelector("[data-status]");
        const state = row.dataset.state || (span && span.className.replace(/.*status-/, ""));
        return FINAL.indexOf(state) === -1;
      });
    }

    function poll() {
      const waiting = pending();
      if (!waiting.length) {
        polling = false;
        const failed = rows.querySelectorAll(".status-failed, .status-refused").length;
        text(summary, "All documents are read" + (failed ? "; " + failed + " could not be read (see why below)." : "."));
        return;
      }
      polling = true;
      const ids = waiting.map(function (row) { return row.dataset.document; }).join(",");
      fetch(progressUrl + "?documents=" + ids, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          data.documents.forEach(function (doc) {
            const row = rows.querySelector('tr[data-document="' + doc.id + '"]');
            if (!row) return;
            statusCell(row, doc.status, doc.status_label, doc.error);
            text(row.querySelector("[data-pages]"), doc.pages || "–");
            const cell = row.cells[3];
            if (doc.status === "done" && cell && !cell.querySelector("a")) {
              const link = document.createElement("a");
              link.href = candidateUrl.replace(/\/0\/$/, "/" + doc.candidate + "/");
              link.textContent = "Open candidate";
              cell.appendChild(link);
            }
          });
          const left = pending().length;
          text(summary, left ? left + " document" + (left > 1 ? "s" : "") + " still being read…" : "");
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 4000); });
    }

    function send(files) {
      if (!files.length) return;
      const data = new FormData();
      Array.from(files).forEach(function (file) { data.append("files", file, file.name); });
      const placeholders = Array.from(files).map(function (file) {
        return addRow({ name: file.name, status: "uploading", status_label: "Uploading" });
      });
      const request = new XMLHttpRequest();
      request.open("POST", uploadForm.action || window.location.href);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRFToken", csrfToken(uploadForm));
      bar.hidden = false;
      request.upload.addEventListener("progress", function (event) {
        if (!event.lengthComputable) return;
        const percent = Math.round((event.loaded / event.total) * 100);
        bar.querySelector("progress").value = percent;
        text(bar.querySelector("[data-upload-text]"), "Uploading " + files.length + " file" + (files.length > 1 ? "s" : "") + ": " + percent + "%");
      });
      request.addEventListener("load", function () {
        bar.hidden = true;
        placeholders.forEach(function (row) { row.remove(); });
        let body = {};
        try { body = JSON.parse(request.responseText); } catch (e) { body = {}; }
        if (request.status !== 200 || !body.items) {
          const message = body.errors && body.errors.files ? body.errors.files[0].message : "The upload failed; try again.";
          addRow({ name: "Upload", status: "refused", status_label: "Refused", error: message });
          return;
        }
        body.items.forEach(addRow);
        text(summary, body.items.length + " file" + (body.items.length > 1 ? "s" : "") + " received.");
        if (!polling) poll();
      });
      request.addEventListener("error", function () {
        bar.hidden = true;
        placeholders.forEach(function (row) {
          statusCell(row, "refused", "Failed", "The connection dropped; upload the file again.");
        });
      });
      request.send(data);
      input.value = "";
    }

    uploadForm.addEventListener("submit", function (event) {
      event.preventDefault();
      send(input.files);
    });
    input.addEventListener("change", function () { send(input.files); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.remove("dragging");
      });
    });
    zone.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) send(event.dataTransfer.files);
    });
    if (pending().length) poll();
  }

  // Rubric editor: add a criterion from the empty form's template.
  const addButton = document.querySelector("[data-add-criterion]");
  if (addButton) {
    const template = document.getElementById("criterion-template");
    const list = document.querySelector("[data-criteria]");
    const total = document.querySelector("input[name$=TOTAL_FORMS]");
    addButton.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const added = list.lastElementChild;
      const legend = added.querySelector("legend");
      if (legend) legend.textContent = "Criterion " + (index + 1) + " (new)";
      const first = added.querySelector("input[type=text]");
      if (first) first.focus();
    });
  }
})();
