// The admin API, as the console calls it: JSON in and out, the session
// cookie sent along, the CSRF token on every request that changes
// something.

const base = document.querySelector('meta[name="sluice-api"]').content.replace(/\/$/, "");

let csrf = "";

// ApiError is an answer that was not 2xx.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// call sends one request; body, when given, goes as JSON.
export async function call(method, path, body) {
  const headers = {};
  const init = { method, headers, credentials: "same-origin", cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (method !== "GET" && csrf) {
    headers["X-Sluice-CSRF"] = csrf;
  }
  const resp = await fetch(base + path, init);
  let data = null;
  try {
    data = await resp.json();
  } catch {
    data = null;
  }
  if (!resp.ok) {
    const e = (data && data.error) || { code: String(resp.status), message: resp.statusText };
    throw new ApiError(resp.status, e.code, e.message);
  }
  return data;
}

// session asks whether sign-in is needed, keeping the CSRF token.
export async function session() {
  const s = await call("GET", "/session");
  csrf = s.csrf || "";
  return s;
}

// signIn signs in with an access key and its secret.
export async function signIn(key, secret) {
  const s = await call("POST", "/session", { access_key_id: key, secret_access_key: secret });
  csrf = s.csrf || "";
  return s;
}

// signOut ends the session.
export async function signOut() {
  await call("DELETE", "/session");
  csrf = "";
}

// queuePath is the API path of a queue.
export function queuePath(account, name) {
  return "/queues/" + encodeURIComponent(account) + "/" + encodeURIComponent(name);
}

// streamPath is the API path of a stream.
export function streamPath(account, name) {
  return "/streams/" + encodeURIComponent(account) + "/" + encodeURIComponent(name);
}
