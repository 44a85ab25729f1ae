// The stream list with the heat of each stream's shards, and a stream's
// page: its shards with their incoming rates, and a tail of records.

import { call, streamPath } from "./api.js";
import { el, replace, toast, fmtRate, fmtTime } from "./dom.js";
import { sparkline, heatColor, colors } from "./chart.js";

const refreshMs = 2000;
const maxDetailed = 50;

function streamHref(account, name) {
  return "#/stream/" + encodeURIComponent(account) + "/" + encodeURIComponent(name);
}

// showStreams renders the list and returns its stop function.
export function showStreams(main, onError) {
  const body = el("tbody", { id: "stream-rows" });
  const empty = el("p", { class: "muted", hidden: true, id: "no-streams" }, "No streams yet.");
  replace(main, el("h1", {}, "Streams"),
    el("table", { class: "grid", id: "streams" },
      el("thead", {}, el("tr", {}, ["Stream", "Status", "Mode", "Shards", "In /s", "Last minute", "Shard heat"].map((h) => el("th", {}, h)))),
      body),
    empty);
  let stopped = false;
  async function refresh() {
    try {
      const list = await call("GET", "/streams");
      const details = await Promise.all(list.streams.slice(0, maxDetailed).map((s) =>
        call("GET", streamPath(s.account, s.name)).catch(() => null)));
      if (stopped) return;
      replace(body, list.streams.map((s, i) => row(s, details[i])));
      empty.hidden = list.streams.length > 0;
    } catch (e) {
      onError(e);
    }
  }
  refresh();
  const timer = setInterval(refresh, refreshMs);
  return () => { stopped = true; clearInterval(timer); };
}

function row(s, detail) {
  const canvas = el("canvas", { class: "spark", width: 120, height: 24 });
  queueMicrotask(() => sparkline(canvas, [{ values: s.spark, color: colors.in }]));
  return el("tr", { data: { stream: s.account + "/" + s.name } },
    el("td", { class: "name" }, el("a", { href: streamHref(s.account, s.name) }, s.name),
      s.account === "000000000000" ? null : el("span", { class: "muted account" }, " ", s.account)),
    el("td", {}, s.status), el("td", {}, s.mode), el("td", { class: "num" }, String(s.open_shards)),
    el("td", { class: "num in-rate" }, fmtRate(s.in_rate)), el("td", {}, canvas),
    el("td", {}, detail ? heat(detail.shards) : "–"));
}

// heat is a strip of cells, one a shard, colored by its incoming rate.
function heat(shards) {
  const hottest = Math.max(0, ...shards.map((sh) => sh.in_rate));
  return el("div", { class: "heat" }, shards.map((sh) =>
    el("span", { class: "cell", title: sh.id + ": " + fmtRate(sh.in_rate) + " records/s",
      data: { shard: sh.id, rate: sh.in_rate }, style: { background: heatColor(sh.in_rate, hottest) } })));
}

// showStream renders one stream's page and returns its stop function.
export function showStream(main, account, name, onError) {
  const path = streamPath(account, name);
  const shardsBody = el("tbody", { id: "shard-rows" });
  const summary = el("p", { id: "stream-summary", class: "muted" });
  const tail = tailSection(path);
  replace(main,
    el("p", {}, el("a", { href: "#/streams" }, "← Streams")),
    el("h1", {}, name, el("span", { class: "muted account" }, " ", account)),
    summary,
    el("section", {}, el("h2", {}, "Shards"),
      el("table", { class: "grid", id: "shards" },
        el("thead", {}, el("tr", {}, ["Shard", "State", "In /s", "Last minute", "Heat", "Hash keys from"].map((h) => el("th", {}, h)))),
        shardsBody)),
    el("section", {}, el("h2", {}, "Records"), tail.node));
  let stopped = false;
  async function refresh() {
    try {
      const d = await call("GET", path);
      if (stopped) return;
      summary.textContent = d.status + " · " + d.mode + " · " + d.open_shards + " open shards · retention " + d.retention_hours + " h";
      const hottest = Math.max(0, ...d.shards.map((sh) => sh.in_rate));
      replace(shardsBody, d.shards.map((sh) => shardRow(sh, hottest)));
      tail.setShards(d.shards);
    } catch (e) {
      onError(e);
    }
  }
  refresh();
  const timer = setInterval(refresh, refreshMs);
  return () => { stopped = true; clearInterval(timer); tail.stop(); };
}

function shardRow(sh, hottest) {
  const canvas = el("canvas", { class: "spark", width: 120, height: 24 });
  queueMicrotask(() => sparkline(canvas, [{ values: sh.spark, color: colors.in }]));
  return el("tr", { data: { shard: sh.id } },
    el("td", {}, el("code", {}, sh.id)), el("td", {}, sh.open ? "open" : "closed"),
    el("td", { class: "num in-rate" }, fmtRate(sh.in_rate)), el("td", {}, canvas),
    el("td", {}, el("span", { class: "cell", style: { background: heatColor(sh.in_rate, hottest) } })),
    el("td", {}, el("code", { class: "hash" }, sh.starting_hash_key)));
}

// tailSection reads records of one shard from a position, or follows it.
function tailSection(path) {
  const shardSel = el("select", { id: "tail-shard" });
  const fromSel = el("select", { id: "tail-from" },
    el("option", { value: "trim_horizon" }, "oldest (trim horizon)"), el("option", { value: "latest" }, "latest"));
  const load = el("button", { type: "button", id: "tail-load" }, "Read");
  const follow = el("input", { type: "checkbox", id: "tail-follow" });
  const out = el("tbody", { id: "tail-rows" });
  let iterator = "", timer = 0, known = "";

  async function read(fresh) {
    const q = new URLSearchParams({ limit: "100" });
    if (fresh || !iterator) {
      q.set("shard", shardSel.value);
      q.set("from", fromSel.value);
      replace(out);
    } else {
      q.set("iterator", iterator);
    }
    try {
      const res = await call("GET", path + "/records?" + q.toString());
      iterator = res.next_iterator || "";
      out.append(...res.records.map((r) => el("tr", {},
        el("td", {}, el("code", {}, r.sequence_number)), el("td", {}, fmtTime(r.arrived_at)),
        el("td", {}, r.partition_key), el("td", {}, el("pre", { class: "body" }, r.binary ? "base64: " + r.data_base64 : r.data)))));
    } catch (e) {
      toast(e.message, true);
    }
  }
  load.addEventListener("click", () => read(true));
  follow.addEventListener("change", () => {
    clearInterval(timer);
    if (follow.checked) timer = setInterval(() => read(false), 1000);
  });
  const node = el("div", {},
    el("div", { class: "inline" }, shardSel, fromSel, load, el("label", {}, follow, " follow")),
    el("table", { class: "grid records" },
      el("thead", {}, el("tr", {}, ["Sequence number", "Arrived", "Partition key", "Data"].map((h) => el("th", {}, h)))), out));
  return {
    node,
    stop: () => clearInterval(timer),
    setShards(shards) {
      const ids = shards.map((s) => s.id).join(",");
      if (ids === known) return;
      known = ids;
      const was = shardSel.value;
      replace(shardSel, shards.map((s) => el("option", { value: s.id }, s.id)));
      if (ids.split(",").includes(was)) shardSel.value = was;
    },
  };
}
