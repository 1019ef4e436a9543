// The services over gRPC-Web from the page's own origin, with the API key handling: a call
// answered UNAUTHENTICATED asks for a key once (one dialog however many calls failed at once),
// keeps it in sessionStorage (this browser session only) and retries; every call sends it.
import { Code, ConnectError, createRealNameClients, createWebTransport, richError, type RealNameClients } from "@realname-api/client/web";
import type { Interceptor } from "@connectrpc/connect";
import { h, replace } from "./dom.js";
import { lang, onLangChange, t, type MessageKey } from "./i18n.js";

const keyStorage = "realname-dashboard.api-key";
let apiKey: string | null = sessionStorage.getItem(keyStorage);
const keyListeners = new Set<() => void>();

// The key and the page's language on every call; the key is read per call, so a key entered
// later applies to the watches and polls already running.
const headers: Interceptor = (next) => (request) => {
  if (apiKey) request.header.set("authorization", `Bearer ${apiKey}`);
  request.header.set("accept-language", lang());
  return next(request);
};

/** Both services' clients, over gRPC-Web to the origin that served the page. */
export const clients: RealNameClients = createRealNameClients(
  createWebTransport({ baseUrl: window.location.origin, defaultTimeoutMs: 15_000, interceptors: [headers] }),
);

/** Whether a key is kept for this session. */
export function hasKey(): boolean {
  return apiKey !== null;
}

/** Calls `listener` when the key is set or forgotten. */
export function onKeyChange(listener: () => void): void {
  keyListeners.add(listener);
}

function setKey(key: string | null): void {
  apiKey = key;
  if (key === null) sessionStorage.removeItem(keyStorage);
  else sessionStorage.setItem(keyStorage, key);
  for (const listener of keyListeners) listener();
}

/** Forgets the key of this session. */
export function forgetKey(): void {
  setKey(null);
}

/**
 * Runs a call; when the server answers UNAUTHENTICATED, asks for a key and runs it again.
 * Throws the call's ConnectError otherwise (and UNAUTHENTICATED when the user declines).
 */
export async function call<T>(run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await run();
    } catch (error) {
      const failure = ConnectError.from(error);
      if (failure.code !== Code.Unauthenticated) throw failure;
      await askForKey(apiKey !== null);
    }
  }
}

/** Whether an error is the page's own cancelling of a call (a watch stopped, a view left). */
export function isCancel(error: unknown): boolean {
  return ConnectError.from(error).code === Code.Canceled;
}

/** Whether trying the call again cannot help until the operator acts (a key, a role). */
export function needsOperator(error: unknown): boolean {
  const code = ConnectError.from(error).code;
  return code === Code.PermissionDenied || code === Code.Unauthenticated;
}

/** A failed call in words for the operator: what could not be done and why, localised. */
export function describeError(error: unknown, what: MessageKey): string {
  const failure = ConnectError.from(error);
  if (failure.code === Code.PermissionDenied) return t("permissionDenied", { what: t(what) });
  if (failure.code === Code.Unauthenticated && declined) return t("keyMissing");
  const rich = richError(failure);
  // The LocalizedMessage is in the page's language (accept-language); the status message is
  // English, for developers.
  return t("callFailed", { what: t(what), message: rich.localizedMessage?.message ?? rich.message });
}

// ---- The key dialog ----

let pending: Promise<void> | null = null;
let declined = false;

/** Opens the key dialog from the header (also after the user declined once). */
export function openKeyDialog(): Promise<void> {
  declined = false;
  return askForKey(false);
}

function askForKey(rejected: boolean): Promise<void> {
  if (declined) return Promise.reject(new ConnectError(t("keyMissing"), Code.Unauthenticated));
  pending ??= showDialog(rejected).finally(() => {
    pending = null;
  });
  return pending;
}

function showDialog(rejected: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = h("input", { id: "api-key", type: "password", autocomplete: "off", spellcheck: "false", required: true, "aria-describedby": "api-key-help api-key-error" });
    const error = h("p", { id: "api-key-error", class: "field-error", role: "alert" }, rejected ? t("keyRejected") : "");
    const dialog = h(
      "dialog",
      { class: "key-dialog", "aria-labelledby": "api-key-title" },
      h(
        "form",
        {
          onsubmit: (event: Event) => {
            event.preventDefault();
            const key = input.value.trim();
            // Header values are ASCII, one line; anything else could never be sent.
            if (!/^[\x21-\x7e]+$/.test(key)) {
              error.textContent = t("keyInvalid");
              input.setAttribute("aria-invalid", "true");
              input.focus();
              return;
            }
            setKey(key);
            settled = true;
            dialog.close();
            resolve();
          },
        },
        h("h2", { id: "api-key-title" }, t("keyDialogTitle")),
        h("p", { id: "api-key-help" }, t("keyDialogText")),
        h("label", { for: "api-key" }, t("keyLabel")),
        input,
        error,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "submit", class: "primary" }, t("keySubmit")),
          h("button", { type: "button", onclick: () => dialog.close() }, t("keyCancel")),
        ),
      ),
    );
    let settled = false;
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (!settled) {
        declined = true;
        reject(new ConnectError(t("keyMissing"), Code.Unauthenticated));
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

// ---- The notice area ----

let noticeArea: HTMLElement | null = null;

/** Where page-wide notices go (a live region the shell creates). */
export function setNoticeArea(element: HTMLElement): void {
  noticeArea = element;
  onLangChange(() => clearNotice());
}

/** Shows a page-wide notice (an error the operator should see wherever they are). */
export function notify(message: string): void {
  if (!noticeArea) return;
  replace(noticeArea, h("p", {}, message), h("button", { type: "button", class: "link", onclick: clearNotice }, t("dismiss")));
  noticeArea.hidden = false;
}

/** Removes the notice. */
export function clearNotice(): void {
  if (!noticeArea) return;
  noticeArea.replaceChildren();
  noticeArea.hidden = true;
}
