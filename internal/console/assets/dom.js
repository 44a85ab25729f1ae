// Building the page. Every text given here becomes a text node: nothing
// from the server is ever parsed as HTML.

// el makes an element. props sets attributes ("class", "id", ...), data-*
// (a "data" object), styles (a "style" object), event handlers
// ("onclick": fn) and properties ("value", "checked"); children are nodes
// or strings (as text).
export function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "data") {
      for (const [dk, dv] of Object.entries(v)) e.dataset[dk] = String(dv);
    } else if (k === "style") {
      // Through the CSSOM: the page's policy refuses style attributes.
      for (const [sk, sv] of Object.entries(v)) e.style[sk] = sv;
    } else if (k.startsWith("on")) {
      e.addEventListener(k.slice(2), v);
    } else if (k === "value" || k === "checked") {
      e[k] = v;
    } else {
      e.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(e, children);
  return e;
}

function append(e, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// replace empties node and fills it with children.
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

// toast shows a short message for a few seconds.
let toastTimer = 0;
export function toast(text, isError) {
  const t = document.getElementById("toast");
  t.textContent = text;
  t.className = isError ? "error shown" : "shown";
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.className = ""; }, 4000);
}

// fmtNum prints a count; fmtRate a rate per second.
export function fmtNum(n) {
  return Number(n).toLocaleString("en-US");
}

export function fmtRate(r) {
  if (!r) return "0";
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

// fmtDuration prints seconds as "1h 2m", "3m 4s" or "5s".
export function fmtDuration(s) {
  s = Math.round(s);
  if (s < 60) return s + "s";
  if (s < 3600) return Math.floor(s / 60) + "m " + (s % 60) + "s";
  if (s < 86400) return Math.floor(s / 3600) + "h " + Math.floor((s % 3600) / 60) + "m";
  return Math.floor(s / 86400) + "d " + Math.floor((s % 86400) / 3600) + "h";
}

// fmtTime prints an RFC 3339 time in the browser's local time.
export function fmtTime(t) {
  return t ? new Date(t).toLocaleString() : "";
}
