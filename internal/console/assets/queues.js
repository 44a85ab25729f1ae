// The queue list: depths, rates and a sparkline of the last minute per
// queue, refreshed every two seconds, and a form to create a queue.

import { call } from "./api.js";
import { el, replace, toast, fmtNum, fmtRate, fmtDuration } from "./dom.js";
import { sparkline, colors } from "./chart.js";

const refreshMs = 2000;

// queueHref is the console's address of a queue page.
export function queueHref(account, name) {
  return "#/queue/" + encodeURIComponent(account) + "/" + encodeURIComponent(name);
}

// showQueues renders the list into main and returns its stop function.
export function showQueues(main, onError) {
  const body = el("tbody", { id: "queue-rows" });
  const empty = el("p", { class: "muted", id: "no-queues", hidden: true }, "No queues yet.");
  replace(main,
    el("h1", {}, "Queues"),
    createForm(() => refresh()),
    el("table", { class: "grid", id: "queues" },
      el("thead", {}, el("tr", {},
        ["Queue", "Visible", "In flight", "Delayed", "Oldest", "Dead-letter queue", "In /s", "Out /s", "Rate limit", "Last minute"]
          .map((h) => el("th", {}, h)))),
      body),
    empty,
    el("p", { class: "legend" },
      el("span", { class: "swatch", style: { background: colors.in } }), " sent ",
      el("span", { class: "swatch", style: { background: colors.out } }), " deleted"));
  let stopped = false;
  async function refresh() {
    try {
      const list = await call("GET", "/queues");
      if (stopped) return;
      replace(body, list.queues.map(row));
      empty.hidden = list.queues.length > 0;
      body.querySelectorAll("canvas.spark").forEach(drawSpark);
    } catch (e) {
      onError(e);
    }
  }
  refresh();
  const timer = setInterval(refresh, refreshMs);
  return () => { stopped = true; clearInterval(timer); };
}

// sparks holds each row's series until its canvas is in the page.
const sparks = new WeakMap();

function drawSpark(canvas) {
  const q = sparks.get(canvas);
  if (q) sparkline(canvas, [{ values: q.spark_in, color: colors.in }, { values: q.spark_out, color: colors.out }]);
}

function row(q) {
  const canvas = el("canvas", { class: "spark", width: 120, height: 24 });
  sparks.set(canvas, q);
  const dlq = q.dead_letter_queue
    ? el("a", { href: queueHref(q.dead_letter_queue.account, q.dead_letter_queue.name) },
      q.dead_letter_queue.name, " (", q.dead_letter_queue.depth < 0 ? "missing" : fmtNum(q.dead_letter_queue.depth), ")")
    : "–";
  return el("tr", { data: { queue: q.account + "/" + q.name } },
    el("td", { class: "name" },
      el("a", { href: queueHref(q.account, q.name) }, q.name),
      q.account === "000000000000" ? null : el("span", { class: "muted account" }, " ", q.account)),
    el("td", { class: "visible num" }, fmtNum(q.visible)),
    el("td", { class: "in-flight num" }, fmtNum(q.in_flight)),
    el("td", { class: "delayed num" }, fmtNum(q.delayed)),
    el("td", { class: "num" }, q.oldest_age_seconds ? fmtDuration(q.oldest_age_seconds) : "–"),
    el("td", {}, dlq),
    el("td", { class: "in-rate num" }, fmtRate(q.in_rate)),
    el("td", { class: "out-rate num" }, fmtRate(q.out_rate)),
    el("td", { class: "num" }, q.delivery_rate ? q.delivery_rate + " /s" : "–"),
    el("td", {}, canvas));
}

function createForm(done) {
  const name = el("input", { id: "new-queue-name", placeholder: "queue name", required: true, maxlength: 80 });
  const fifo = el("input", { type: "checkbox", id: "new-queue-fifo" });
  const form = el("form", { class: "inline", id: "create-queue" },
    name, el("label", {}, fifo, " FIFO"), el("button", { type: "submit" }, "Create queue"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    let n = name.value.trim();
    const attributes = {};
    if (fifo.checked) {
      if (!n.endsWith(".fifo")) n += ".fifo";
      attributes.FifoQueue = "true";
    }
    try {
      await call("POST", "/queues", { name: n, attributes });
      toast("Created " + n);
      name.value = "";
      done();
    } catch (e) {
      toast(e.message, true);
    }
  });
  return form;
}
