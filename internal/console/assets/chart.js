// Charts drawn by hand on canvases: sparklines, and the smoothing chart of
// a queue (incoming and outgoing per second on one time axis, the
// configured delivery rate dashed, the backlog shaded beneath).

export const colors = {
  in: "#2f6fdb",
  out: "#1f9d55",
  rate: "#c2410c",
  backlog: "rgba(120, 120, 140, 0.22)",
  backlogLine: "rgba(90, 90, 110, 0.6)",
  grid: "#e3e5ea",
  text: "#555b66",
};

// setup sizes a canvas for the screen's pixel ratio and returns its
// context and CSS size.
function setup(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || Number(canvas.getAttribute("width")) || 300;
  const h = canvas.clientHeight || Number(canvas.getAttribute("height")) || 100;
  canvas.width = Math.round(w * ratio);
  canvas.height = Math.round(h * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return { ctx, w, h };
}

// sparkline draws each series ({values, color}) as a line on one scale.
export function sparkline(canvas, series) {
  const { ctx, w, h } = setup(canvas);
  const top = Math.max(1, ...series.flatMap((s) => s.values));
  for (const s of series) {
    const n = s.values.length;
    if (n < 2) continue;
    ctx.beginPath();
    s.values.forEach((v, i) => {
      const x = (i / (n - 1)) * (w - 2) + 1;
      const y = h - 1 - (v / top) * (h - 3);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.25;
    ctx.stroke();
  }
}

// heatColor is the color of a shard's share of the stream's hottest rate.
export function heatColor(rate, hottest) {
  if (!rate) return "#eef0f4";
  const f = Math.min(1, rate / (hottest || rate));
  const light = Math.round(88 - f * 45);
  return "hsl(12, 85%, " + light + "%)";
}

// rates turns a history into per-second series.
export function rates(h) {
  const step = h.step_seconds || 1;
  return {
    step,
    start: Date.parse(h.start),
    inRate: h.sent.map((v) => v / step),
    outRate: h.deleted.map((v) => v / step),
    backlog: h.backlog,
    deliveryRate: h.delivery_rate,
  };
}

// drain estimates the time to drain: backlog ÷ (out − in), with in and
// out averaged over the last 10 whole steps (the step under way left out).
export function drain(h) {
  const r = rates(h);
  const n = r.inRate.length;
  const last = r.backlog[n - 1] || 0;
  if (last === 0) return { backlog: 0, text: "empty" };
  const from = Math.max(0, n - 11);
  const to = Math.max(from + 1, n - 1);
  let sumIn = 0, sumOut = 0;
  for (let i = from; i < to; i++) {
    sumIn += r.inRate[i];
    sumOut += r.outRate[i];
  }
  const inAvg = sumIn / (to - from);
  const outAvg = sumOut / (to - from);
  if (outAvg - inAvg <= 0) {
    return { backlog: last, inAvg, outAvg, text: "not draining (out ≤ in)" };
  }
  return { backlog: last, inAvg, outAvg, seconds: last / (outAvg - inAvg) };
}

// smoothing draws a queue's smoothing chart from its history, and records
// on the canvas what it drew (data-points: steps with any traffic).
export function smoothing(canvas, h) {
  const { ctx, w, h: height } = setup(canvas);
  const r = rates(h);
  const n = r.inRate.length;
  const pad = { left: 48, right: 56, top: 12, bottom: 26 };
  const pw = w - pad.left - pad.right;
  const ph = height - pad.top - pad.bottom;
  const rateTop = niceTop(Math.max(1, ...r.inRate, ...r.outRate, r.deliveryRate || 0));
  const backlogTop = niceTop(Math.max(1, ...r.backlog));
  const x = (i) => pad.left + (n <= 1 ? 0 : (i / (n - 1)) * pw);
  const yRate = (v) => pad.top + ph - (v / rateTop) * ph;
  const yBacklog = (v) => pad.top + ph - (v / backlogTop) * ph;

  grid(ctx, pad, pw, ph, rateTop, backlogTop);
  area(ctx, r.backlog, x, yBacklog, pad.top + ph);
  if (r.deliveryRate !== null && r.deliveryRate !== undefined) {
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.strokeStyle = colors.rate;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(pad.left, yRate(r.deliveryRate));
    ctx.lineTo(pad.left + pw, yRate(r.deliveryRate));
    ctx.stroke();
    ctx.restore();
  }
  line(ctx, r.inRate, x, yRate, colors.in);
  line(ctx, r.outRate, x, yRate, colors.out);
  timeAxis(ctx, r, n, x, pad.top + ph);

  let points = 0, inTotal = 0, outTotal = 0;
  for (let i = 0; i < n; i++) {
    if (h.sent[i] || h.deleted[i]) points++;
    inTotal += h.sent[i];
    outTotal += h.deleted[i];
  }
  canvas.dataset.points = String(points);
  canvas.dataset.inTotal = String(inTotal);
  canvas.dataset.outTotal = String(outTotal);
  canvas.dataset.backlog = String(r.backlog[n - 1] || 0);
}

// niceTop rounds a maximum up to 1, 2 or 5 times a power of ten.
function niceTop(v) {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function grid(ctx, pad, pw, ph, rateTop, backlogTop) {
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = colors.text;
  ctx.strokeStyle = colors.grid;
  ctx.lineWidth = 1;
  for (let k = 0; k <= 4; k++) {
    const y = pad.top + ph - (k / 4) * ph;
    ctx.beginPath();
    ctx.moveTo(pad.left, y);
    ctx.lineTo(pad.left + pw, y);
    ctx.stroke();
    ctx.textAlign = "right";
    ctx.fillText(short(rateTop * k / 4) + "/s", pad.left - 6, y + 4);
    ctx.textAlign = "left";
    ctx.fillText(short(backlogTop * k / 4), pad.left + pw + 6, y + 4);
  }
}

function short(v) {
  if (v >= 1e6) return (v / 1e6).toFixed(v % 1e6 ? 1 : 0) + "M";
  if (v >= 1e3) return (v / 1e3).toFixed(v % 1e3 ? 1 : 0) + "k";
  return String(Math.round(v * 100) / 100);
}

function area(ctx, values, x, y, base) {
  if (values.length < 2) return;
  ctx.beginPath();
  ctx.moveTo(x(0), base);
  values.forEach((v, i) => ctx.lineTo(x(i), y(v)));
  ctx.lineTo(x(values.length - 1), base);
  ctx.closePath();
  ctx.fillStyle = colors.backlog;
  ctx.fill();
  ctx.beginPath();
  values.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
  ctx.strokeStyle = colors.backlogLine;
  ctx.lineWidth = 1;
  ctx.stroke();
}

function line(ctx, values, x, y, color) {
  if (values.length < 2) return;
  ctx.beginPath();
  values.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.75;
  ctx.stroke();
}

function timeAxis(ctx, r, n, x, base) {
  ctx.fillStyle = colors.text;
  ctx.textAlign = "center";
  const ticks = 6;
  for (let k = 0; k <= ticks; k++) {
    const i = Math.round((k / ticks) * (n - 1));
    const t = new Date(r.start + i * r.step * 1000);
    const label = r.step >= 60
      ? t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
      : t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    ctx.fillText(label, x(i), base + 16);
  }
}
