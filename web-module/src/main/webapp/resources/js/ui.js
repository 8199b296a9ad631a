/* Progressive enhancement only: every page works without this file. */
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    function pollProgress(box) {
        var url = box.getAttribute("data-progress-url");
        var bar = box.querySelector("progress");
        var text = box.querySelector(".progress-text");
        var status = box.querySelector(".progress-status");
        var polls = 0;
        function tick() {
            fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (p) {
                    if (!p) { return; }
                    bar.max = 100;
                    bar.value = p.percent;
                    bar.textContent = p.percent + "%";
                    text.textContent = p.percent + "% (" + (p.done + p.skipped + p.failed) + " of " + p.total
                        + ": " + p.done + " done, " + p.skipped + " skipped, " + p.failed + " failed)";
                    status.textContent = p.status;
                    status.className = "progress-status status status-" + p.status;
                    box.setAttribute("data-status", p.status);
                    box.setAttribute("data-polls", String(++polls));
                    if (p.running) {
                        setTimeout(tick, 500);
                    } else {
                        box.setAttribute("data-finished", "true");
                        window.location.reload();
                    }
                })
                .catch(function () { setTimeout(tick, 2000); });
        }
        setTimeout(tick, 300);
    }

    function copyButton(button) {
        button.addEventListener("click", function () {
            var input = document.getElementById(button.getAttribute("data-copy"));
            input.select();
            var done = function () { button.textContent = "Copied"; };
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(input.value).then(done, function () {
                    document.execCommand("copy"); done();
                });
            } else {
                document.execCommand("copy");
                done();
            }
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-progress-url][data-running='true']").forEach(pollProgress);
        document.querySelectorAll("button[data-copy]").forEach(copyButton);
    });
})();
