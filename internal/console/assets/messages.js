// A queue's messages: the peek (which changes nothing), the delete of one
// message, and the form that sends a test message or a burst.

import { call } from "./api.js";
import { el, replace, toast, fmtTime } from "./dom.js";

// peekSection is the peek list with its filters; load fetches it again.
export function peekSection(path, onChange) {
  const stateSel = el("select", { id: "peek-state" },
    el("option", { value: "" }, "all states"),
    el("option", { value: "visible" }, "visible"),
    el("option", { value: "in_flight" }, "in flight"),
    el("option", { value: "delayed" }, "delayed"));
  const dlq = el("input", { type: "checkbox", id: "peek-dlq" });
  const refresh = el("button", { type: "button", id: "peek-refresh" }, "Refresh");
  const list = el("div", { id: "peek-list", class: "messages" });
  const more = el("button", { type: "button", id: "peek-more", hidden: true }, "More");
  const note = el("p", { class: "muted" }, "Peeking shows messages without receiving them: receive counts, visibility and order stay as they are.");
  let next = "";

  async function load(append) {
    const q = new URLSearchParams({ max: "20" });
    if (stateSel.value) q.set("state", stateSel.value);
    if (dlq.checked) q.set("dlq", "true");
    if (append && next) q.set("after", next);
    try {
      const res = await call("GET", path + "/messages?" + q.toString());
      next = res.next || "";
      const cards = res.messages.map((m) => card(m, dlq.checked ? res.queue : null));
      if (append) list.append(...cards); else replace(list, cards);
      if (!append && res.messages.length === 0) replace(list, el("p", { class: "muted empty" }, "No messages."));
      list.dataset.queue = res.queue.name;
      more.hidden = !next;
    } catch (e) {
      replace(list, el("p", { class: "error" }, e.message));
    }
  }

  function card(m, other) {
    const del = el("button", { type: "button", class: "delete-message small danger" }, "Delete");
    del.addEventListener("click", async () => {
      const where = other ? "/queues/" + encodeURIComponent(other.account) + "/" + encodeURIComponent(other.name) : path;
      try {
        await call("DELETE", where + "/messages/" + encodeURIComponent(m.key));
        toast("Deleted message " + m.message_id);
        load(false);
        onChange();
      } catch (e) {
        toast(e.message, true);
      }
    });
    const meta = [m.state.replace("_", " "), "received " + m.receive_count + "×", "sent " + fmtTime(m.sent_at)];
    if (m.visible_at) meta.push("visible at " + fmtTime(m.visible_at));
    if (m.group_id) meta.push("group " + m.group_id);
    if (m.dead_letter_source) meta.push("from " + m.dead_letter_source);
    const attrs = Object.entries(m.attributes || {}).sort().map(([k, v]) =>
      el("li", {}, el("code", {}, k), " (" + v.data_type + "): ", v.string_value !== undefined ? v.string_value : "[binary]"));
    return el("article", { class: "message", data: { id: m.message_id, state: m.state, receives: m.receive_count } },
      el("header", {}, el("code", { class: "message-id" }, m.message_id), " ",
        el("span", { class: "meta" }, meta.join(" · ")), del),
      el("pre", { class: "body" }, m.body),
      attrs.length ? el("ul", { class: "msg-attrs" }, attrs) : null);
  }

  refresh.addEventListener("click", () => load(false));
  stateSel.addEventListener("change", () => load(false));
  dlq.addEventListener("change", () => load(false));
  more.addEventListener("click", () => load(true));
  const node = el("div", {},
    el("div", { class: "inline" }, stateSel, el("label", {}, dlq, " dead-letter queue"), refresh),
    note, list, more);
  return { node, load: () => load(false) };
}

// sendSection is the form sending a test message, Repeat times.
export function sendSection(path, done) {
  const body = el("textarea", { id: "send-body", rows: 4, placeholder: "message body" });
  const attrs = el("textarea", { id: "send-attrs", rows: 2, placeholder: "attributes, one a line: name=value or name=Number:42" });
  const delay = el("input", { id: "send-delay", type: "number", min: 0, max: 900, placeholder: "queue's" });
  const group = el("input", { id: "send-group", placeholder: "FIFO only" });
  const dedup = el("input", { id: "send-dedup", placeholder: "FIFO only" });
  const repeat = el("input", { id: "send-repeat", type: "number", min: 1, max: 10000, value: "1" });
  const form = el("form", { id: "send-form" },
    body,
    el("div", { class: "fields" },
      field("Attributes", attrs), field("Delay (s)", delay), field("Group id", group),
      field("Dedup id", dedup), field("Repeat (burst)", repeat)),
    el("button", { type: "submit", id: "send" }, "Send"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const req = { body: body.value, repeat: Number(repeat.value || 1) };
    try {
      req.attributes = parseAttrs(attrs.value);
    } catch (e) {
      return toast(e.message, true);
    }
    if (delay.value !== "") req.delay_seconds = Number(delay.value);
    if (group.value) req.group_id = group.value;
    if (dedup.value) req.dedup_id = dedup.value;
    try {
      const res = await call("POST", path + "/messages", req);
      toast("Sent " + res.sent + (res.sent === 1 ? " message " + res.message_ids[0] : " messages"));
      done();
    } catch (e) {
      toast(e.message, true);
    }
  });
  return form;
}

function field(label, input) {
  return el("label", { class: "field" }, el("span", {}, label), input);
}

// parseAttrs reads "name=value" or "name=Type:value" lines.
function parseAttrs(text) {
  const out = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error("attribute line \"" + line + "\": want name=value");
    const name = line.slice(0, eq);
    let value = line.slice(eq + 1);
    let type = "String";
    const m = /^(String|Number)(\.[^:]*)?:(.*)$/s.exec(value);
    if (m) {
      type = m[1] + (m[2] || "");
      value = m[3];
    }
    out[name] = { data_type: type, string_value: value };
  }
  return out;
}
