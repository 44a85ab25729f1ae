// The console's entry point: the session (sign-in when the server has
// credentials) and the router over the page's hash (#/queues,
// #/queue/ACCOUNT/NAME, #/streams, #/stream/ACCOUNT/NAME).

import { session, signIn, signOut, ApiError } from "./api.js";
import { el, replace, toast } from "./dom.js";
import { showQueues } from "./queues.js";
import { showQueue } from "./queue.js";
import { showStreams, showStream } from "./streams.js";

const main = document.getElementById("main");
const whoami = document.getElementById("whoami");
const signOutButton = document.getElementById("sign-out");
let stop = () => {};
let signedIn = false;

// onError shows a failed call; a 401 means the session ended.
function onError(e) {
  if (e instanceof ApiError && e.status === 401) {
    showSignIn("Your session ended: sign in again.");
    return;
  }
  toast(e.message, true);
}

function route() {
  stop();
  stop = () => {};
  if (!signedIn) return;
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  document.getElementById("nav-queues").classList.toggle("on", parts[0] !== "streams" && parts[0] !== "stream");
  document.getElementById("nav-streams").classList.toggle("on", parts[0] === "streams" || parts[0] === "stream");
  if (parts[0] === "queue" && parts.length === 3) {
    stop = showQueue(main, parts[1], parts[2], onError);
  } else if (parts[0] === "streams") {
    stop = showStreams(main, onError);
  } else if (parts[0] === "stream" && parts.length === 3) {
    stop = showStream(main, parts[1], parts[2], onError);
  } else {
    stop = showQueues(main, onError);
  }
}

function showSignIn(message) {
  stop();
  stop = () => {};
  signedIn = false;
  whoami.textContent = "";
  signOutButton.hidden = true;
  const key = el("input", { id: "signin-key", autocomplete: "username", placeholder: "access key id", required: true });
  const secret = el("input", { id: "signin-secret", type: "password", autocomplete: "current-password", placeholder: "secret access key", required: true });
  const error = el("p", { id: "signin-error", class: "error" }, message || "");
  const form = el("form", { id: "signin", class: "signin" },
    el("h1", {}, "Sign in"),
    el("p", { class: "muted" }, "This server checks signatures: sign in with one of its access keys. You will see the queues and streams of its account."),
    el("label", { class: "field" }, el("span", {}, "Access key id"), key),
    el("label", { class: "field" }, el("span", {}, "Secret access key"), secret),
    el("button", { type: "submit", id: "signin-submit" }, "Sign in"),
    error);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const s = await signIn(key.value.trim(), secret.value);
      secret.value = "";
      enter(s);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  replace(main, form);
  key.focus();
}

function enter(s) {
  signedIn = true;
  whoami.textContent = s.auth_required ? "account " + s.account : "development mode: every account";
  signOutButton.hidden = !s.auth_required;
  route();
}

signOutButton.addEventListener("click", async () => {
  try {
    await signOut();
  } catch (e) {
    toast(e.message, true);
  }
  showSignIn("Signed out.");
});

window.addEventListener("hashchange", route);

async function start() {
  try {
    const s = await session();
    if (s.auth_required && !s.signed_in) showSignIn(); else enter(s);
  } catch (e) {
    replace(main, el("p", { class: "error" }, "The admin API did not answer: " + e.message));
  }
}

start();
