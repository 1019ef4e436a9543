// The page's shell: header, language switch, API key button, notices, and the three views
// switched by the URL's hash (#cases, #diagnose, #catalog).
import "./styles.css";
import { forgetKey, hasKey, notify, onKeyChange, openKeyDialog, setNoticeArea } from "./api.js";
import { casesView } from "./cases.js";
import { catalogView } from "./catalogView.js";
import { diagnoseView } from "./diagnose.js";
import { h, replace } from "./dom.js";
import { lang, languages, onLangChange, setLang, t, type Lang, type MessageKey } from "./i18n.js";
import type { View } from "./view.js";

const root = document.getElementById("app")!;
document.documentElement.lang = lang();

const views: View[] = [casesView(), diagnoseView(), catalogView()];
const navLabels: Record<string, MessageKey> = { cases: "navCases", diagnose: "navDiagnose", catalog: "navCatalog" };

const title = h("h1", {});
const skip = h("a", { class: "skip", href: "#main" });
const nav = h("nav", { class: "tabs" });
const navList = h("ul", {});
nav.append(navList);
const links = views.map((v) => h("a", { href: `#${v.name}`, "data-view": v.name }));
replace(navList, links.map((a) => h("li", {}, a)));
const langLabel = h("label", { for: "lang" });
const langSelect = h("select", { id: "lang" }, languages.map((l) => h("option", { value: l, lang: l }, l === "en" ? "English" : "简体中文")));
const keyButton = h("button", { type: "button", class: "key", id: "key-button" });
const forgetButton = h("button", { type: "button", class: "link", id: "forget-key" });
const notice = h("div", { class: "notice", role: "alert", hidden: true });
const main = h("main", { id: "main", tabindex: "-1" }, views.map((v) => v.element));

replace(
  root,
  skip,
  h("header", { class: "top" }, h("div", { class: "brand" }, title), nav, h("div", { class: "tools" }, h("div", { class: "lang" }, langLabel, langSelect), keyButton, forgetButton)),
  notice,
  main,
);
setNoticeArea(notice);

function labels(): void {
  document.title = t("appTitle");
  title.textContent = t("appTitle");
  skip.textContent = t("skip");
  nav.setAttribute("aria-label", t("appTitle"));
  for (const a of links) a.textContent = t(navLabels[a.dataset.view ?? ""] ?? "navCases");
  langLabel.textContent = t("language");
  langSelect.value = lang();
  keyButton.textContent = hasKey() ? t("apiKeySet") : t("apiKey");
  forgetButton.textContent = t("keyForget");
  forgetButton.hidden = !hasKey();
}

let shown: View | undefined;
function route(focus: boolean): void {
  const name = window.location.hash.slice(1);
  const next = views.find((v) => v.name === name) ?? views[0]!;
  if (next === shown) return;
  shown?.deactivate();
  for (const v of views) v.element.hidden = v !== next;
  for (const a of links) {
    if (a.dataset.view === next.name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  shown = next;
  next.activate();
  // After following a link, keyboard and screen-reader users start at the view's heading.
  if (focus) next.element.querySelector<HTMLElement>("h2")?.focus();
}

langSelect.addEventListener("change", () => {
  setLang(langSelect.value as Lang);
});
onLangChange(() => {
  labels();
  for (const v of views) v.relabel();
});
keyButton.addEventListener("click", () => {
  openKeyDialog().catch(() => notify(t("keyMissing")));
});
forgetButton.addEventListener("click", () => {
  forgetKey();
  keyButton.focus();
});
onKeyChange(labels);
window.addEventListener("hashchange", () => route(true));

for (const v of views) v.element.querySelector("h2")?.setAttribute("tabindex", "-1");
labels();
route(false);
