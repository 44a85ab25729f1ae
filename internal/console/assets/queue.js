// A queue's page: its depths, the smoothing chart, its attributes
// (editable), its messages (messages.js), purge, redrive and deletion.

import { call, queuePath } from "./api.js";
import { el, replace, toast, fmtNum, fmtDuration } from "./dom.js";
import { smoothing, drain, colors } from "./chart.js";
import { peekSection, sendSection } from "./messages.js";
import { queueHref } from "./queues.js";

const refreshMs = 2000;
const ranges = ["1m", "5m", "15m", "1h", "6h", "24h"];

// Attributes a console user may change, in the order shown; the delivery
// limits come first and are shown even when not set.
const settable = [
  "SluiceDeliveryRate", "SluiceDeliveryBurst", "SluiceMaxInFlight",
  "VisibilityTimeout", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "MessageRetentionPeriod",
  "MaximumMessageSize", "RedrivePolicy", "RedriveAllowPolicy", "ContentBasedDeduplication",
  "DeduplicationScope", "FifoThroughputLimit", "Policy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
  "SqsManagedSseEnabled", "SluicePushEndpoint", "SluicePushSecret", "SluicePushConcurrency", "SluicePushTimeout",
];
const alwaysShown = new Set(["SluiceDeliveryRate", "SluiceDeliveryBurst", "SluiceMaxInFlight"]);

// showQueue renders the page of one queue and returns its stop function.
export function showQueue(main, account, name, onError) {
  const path = queuePath(account, name);
  const state = { range: "5m", stopped: false, detail: null };
  const stats = el("div", { class: "stats", id: "queue-stats" });
  const canvas = el("canvas", { id: "chart", class: "chart", width: 900, height: 280 });
  const drainText = el("p", { id: "drain", class: "drain" });
  const attrs = el("div", { id: "attributes" });
  const actions = el("div", { id: "queue-actions", class: "actions" });
  const peek = peekSection(path, () => refresh());
  replace(main,
    el("p", {}, el("a", { href: "#/queues" }, "← Queues")),
    el("h1", {}, name, el("span", { class: "muted account" }, " ", account)),
    stats,
    el("section", {}, el("h2", {}, "Incoming and outgoing"), rangeButtons(state, () => drawChart()),
      canvas, legend(), drainText),
    el("section", {}, el("h2", {}, "Messages"), peek.node),
    el("section", {}, el("h2", {}, "Send a test message"), sendSection(path, () => { refresh(); peek.load(); })),
    el("section", {}, el("h2", {}, "Attributes"), attrs),
    el("section", {}, el("h2", {}, "Actions"), actions));

  async function drawChart() {
    try {
      const h = await call("GET", path + "/history?range=" + state.range);
      if (state.stopped) return;
      smoothing(canvas, h);
      const d = drain(h);
      drainText.textContent = d.seconds !== undefined
        ? "Backlog " + fmtNum(d.backlog) + ": time to drain ≈ " + fmtDuration(d.seconds) +
          " (backlog ÷ (out − in) = " + fmtNum(d.backlog) + " ÷ (" + d.outAvg.toFixed(1) + " − " + d.inAvg.toFixed(1) + ") /s)"
        : "Backlog " + fmtNum(d.backlog) + ": " + d.text;
    } catch (e) {
      onError(e);
    }
  }
  async function refresh() {
    try {
      const d = await call("GET", path);
      if (state.stopped) return;
      const first = state.detail === null;
      state.detail = d;
      replace(stats, statCards(d));
      if (first) {
        replace(attrs, attributeForm(path, d, () => refresh()));
        replace(actions, actionButtons(path, d, account, name));
      }
    } catch (e) {
      onError(e);
    }
    drawChart();
  }
  refresh();
  peek.load();
  const timer = setInterval(refresh, refreshMs);
  return () => { state.stopped = true; clearInterval(timer); };
}

function statCards(d) {
  const card = (cls, label, value) => el("div", { class: "stat " + cls }, el("span", { class: "value" }, value), el("span", { class: "label" }, label));
  const cards = [
    card("visible", "visible", fmtNum(d.visible)),
    card("in-flight", "in flight", fmtNum(d.in_flight)),
    card("delayed", "delayed", fmtNum(d.delayed)),
    card("oldest", "oldest", d.oldest_age_seconds ? fmtDuration(d.oldest_age_seconds) : "–"),
    card("rates", "in / out per s", d.in_rate.toFixed(1) + " / " + d.out_rate.toFixed(1)),
  ];
  if (d.dead_letter_queue) {
    const q = d.dead_letter_queue;
    cards.push(el("div", { class: "stat dlq" },
      el("a", { class: "value", href: queueHref(q.account, q.name) }, q.depth < 0 ? "missing" : fmtNum(q.depth)),
      el("span", { class: "label" }, "in " + q.name)));
  }
  return cards;
}

function rangeButtons(state, redraw) {
  const bar = el("div", { class: "ranges", id: "ranges" });
  for (const r of ranges) {
    const b = el("button", { type: "button", class: r === state.range ? "on" : "", data: { range: r } }, r);
    b.addEventListener("click", () => {
      state.range = r;
      bar.querySelectorAll("button").forEach((x) => x.classList.toggle("on", x === b));
      redraw();
    });
    bar.append(b);
  }
  return bar;
}

function legend() {
  const item = (color, text, dashed) => el("span", { class: "item" },
    el("span", { class: dashed ? "swatch dashed" : "swatch", style: dashed ? { borderColor: color } : { background: color } }), text);
  return el("p", { class: "legend" },
    item(colors.in, "incoming (sends /s)"), item(colors.out, "outgoing (deletes /s)"),
    item(colors.rate, "SluiceDeliveryRate", true), item(colors.backlogLine, "backlog (right axis)"));
}

function attributeForm(path, d, done) {
  const inputs = new Map();
  const rows = [];
  for (const nameAttr of settable) {
    const value = d.attributes[nameAttr];
    if (value === undefined && !alwaysShown.has(nameAttr)) continue;
    const input = el("input", { name: nameAttr, value: value || "", placeholder: value === undefined ? "not set" : "" });
    inputs.set(nameAttr, { input, was: value || "" });
    rows.push(el("tr", {}, el("th", {}, nameAttr), el("td", {}, input)));
  }
  for (const [k, v] of Object.entries(d.attributes).sort()) {
    if (!settable.includes(k)) rows.push(el("tr", { class: "readonly" }, el("th", {}, k), el("td", {}, v)));
  }
  const save = el("button", { type: "submit", id: "save-attributes" }, "Save attributes");
  const form = el("form", { id: "attribute-form" }, el("table", { class: "attrs" }, el("tbody", {}, rows)), save);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const changed = {};
    for (const [k, { input, was }] of inputs) if (input.value !== was) changed[k] = input.value;
    if (Object.keys(changed).length === 0) return toast("Nothing changed");
    try {
      await call("PUT", path + "/attributes", { attributes: changed });
      for (const [k] of Object.entries(changed)) inputs.get(k).was = inputs.get(k).input.value;
      toast("Saved " + Object.keys(changed).join(", "));
      done();
    } catch (e) {
      toast(e.message, true);
    }
  });
  return form;
}

function actionButtons(path, d, account, name) {
  const status = el("p", { id: "redrive-status", class: "muted" });
  const purge = el("button", { type: "button", id: "purge", class: "danger" }, "Purge all messages");
  purge.addEventListener("click", async () => {
    if (!window.confirm("Delete every message of " + name + "? This cannot be undone.")) return;
    try {
      await call("POST", path + "/purge");
      toast("Purged " + name);
    } catch (e) {
      toast(e.message, true);
    }
  });
  const remove = el("button", { type: "button", id: "delete-queue", class: "danger" }, "Delete queue");
  remove.addEventListener("click", async () => {
    if (!window.confirm("Delete the queue " + name + " and all its messages?")) return;
    try {
      await call("DELETE", path);
      toast("Deleted " + name);
      location.hash = "#/queues";
    } catch (e) {
      toast(e.message, true);
    }
  });
  const out = [purge, remove];
  if (d.dead_letter_sources && d.dead_letter_sources.length) {
    const redrive = el("button", { type: "button", id: "redrive" }, "Redrive messages to their source queues");
    redrive.addEventListener("click", () => startRedrive(path, status));
    out.unshift(redrive, status);
  }
  return out;
}

async function startRedrive(path, status) {
  try {
    let t = await call("POST", path + "/redrive", {});
    while (t.status === "RUNNING" || t.status === "CANCELLING") {
      status.textContent = t.status + ": moved " + t.moved + " of " + t.to_move;
      await new Promise((r) => setTimeout(r, 500));
      const list = await call("GET", path + "/redrive");
      t = list.tasks[0];
    }
    status.textContent = t.status + ": moved " + t.moved + " of " + t.to_move + (t.failure_reason ? " — " + t.failure_reason : "");
  } catch (e) {
    toast(e.message, true);
  }
}
