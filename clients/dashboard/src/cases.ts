// The cases: a filtered, paged list (ListVerificationStatuses) and the cases the operator
// follows (WatchVerificationStatus).
//
// How it stays live. The list carries no case references (the server keeps only their keyed
// hash), so a listed case cannot be watched; watching needs the caller's reference. So:
// - the list is listed again every few seconds while the view is visible, which shows new cases
//   and the states the server computes against its clock (a window that opened is READY_TO_RETRY
//   on the next listing), and at once when a countdown on the page reaches zero;
// - a case whose reference the operator enters is followed by a server stream, which pushes
//   every change the moment it happens (recorded again, window opened), on any server instance.
// Streams each hold one of the six HTTP/1.1 connections a browser opens per origin, so at most
// four cases are followed at once and two connections stay free for the list and the other views.
import {
  Category,
  Outcome,
  VerificationState,
  type VerificationStatus,
} from "@realname-api/client/web";
import { call, clients, describeError, isCancel, needsOperator } from "./api.js";
import { catalog, platformName, ruleGuidance, type Catalog } from "./catalog.js";
import { dl, h, replace } from "./dom.js";
import { enumLabel, lang, t } from "./i18n.js";
import { escalation, retryWindow, steps, windowClock } from "./render.js";
import { formatClock, formatDay, formatMoment, toDate } from "./time.js";
import type { View } from "./view.js";

/** How often the list is listed again, in milliseconds. */
export const listIntervalMs = 5_000;
const pageSize = 20;
const maxFollowed = 4;

const states = [VerificationState.ACTION_REQUIRED, VerificationState.WAITING, VerificationState.READY_TO_RETRY, VerificationState.FINAL, VerificationState.UNKNOWN];

/** One rendered case, updated in place so that focus and open details survive a refresh. */
class CaseCard {
  readonly element: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly facts: HTMLElement;
  private readonly guidance: HTMLElement;
  private status: VerificationStatus;
  private guidanceFor = "";

  constructor(status: VerificationStatus, private readonly extra: HTMLElement | null = null) {
    this.status = status;
    this.summary = h("summary", {});
    this.facts = h("div", { class: "case-facts" });
    this.guidance = h("div", { class: "case-guidance" });
    this.element = h("details", { class: "case" }, this.summary, h("div", { class: "case-body" }, this.facts, this.guidance));
    this.element.addEventListener("toggle", () => {
      if (this.element.open) void this.renderGuidance();
    });
  }

  update(status: VerificationStatus, c: Catalog | undefined): void {
    this.status = status;
    this.render(c);
  }

  render(c: Catalog | undefined): void {
    const s = this.status;
    const rule = c?.rules.get(s.ruleId);
    const stateName = VerificationState[s.state] ?? "UNKNOWN";
    this.element.dataset.caseId = s.caseId;
    this.element.dataset.state = stateName;
    // The server's state decides: a waiting case counts down (on this device's clock), a ready one
    // says since when it is open, even if this device's clock is behind the server's.
    const earliest = toDate(s.retry?.earliest);
    const waiting = s.state === VerificationState.WAITING && earliest;
    const ready = s.state === VerificationState.READY_TO_RETRY && earliest;
    replace(
      this.summary,
      h("span", { class: `state state-${stateName.toLowerCase().replaceAll("_", "-")}` }, enumLabel("state", VerificationState, s.state)),
      h("span", { class: "case-title" }, rule?.title || s.ruleId || "—"),
      h("span", { class: "case-platform" }, c ? platformName(c, s.platform) : s.platform),
      waiting && h("span", { class: "countdown", "data-countdown": earliest.toISOString() }, windowClock(earliest)),
      ready && h("span", { class: "countdown" }, t("openSince", { date: formatDay(earliest) })),
    );
    const created = toDate(s.createdAt);
    const updated = toDate(s.updatedAt);
    replace(
      this.facts,
      this.extra,
      dl([
        [t("rule"), s.ruleId && h("code", {}, s.ruleId)],
        [t("category"), enumLabel("category", Category, s.category)],
        [t("outcome"), enumLabel("outcome", Outcome, s.outcome)],
        [t("created"), created && formatMoment(created)],
        [t("updated"), updated && formatMoment(updated)],
        [t("caseId"), s.caseId && h("code", { title: s.caseId }, s.caseId.slice(0, 16))],
      ]),
      s.retry && h("h4", {}, t("retryWindow")),
      retryWindow(s.retry, s.state === VerificationState.WAITING ? false : s.state === VerificationState.READY_TO_RETRY ? true : undefined),
    );
    if (this.element.open) void this.renderGuidance();
  }

  // The rule's steps and appeal, loaded when the case is first opened (and again when its rule
  // or the language changes).
  private async renderGuidance(): Promise<void> {
    const locale = lang();
    const key = `${locale} ${this.status.ruleId}`;
    if (this.guidanceFor === key) return;
    this.guidanceFor = key;
    replace(this.guidance, h("p", { class: "note" }, t("loading")));
    try {
      const c = await catalog(locale);
      const diagnosis = await ruleGuidance(c, this.status.ruleId, locale);
      if (this.guidanceFor !== key) return;
      const policy = c.platforms.find((p) => p.platform === this.status.platform)?.policy;
      replace(
        this.guidance,
        h("h4", {}, t("steps")),
        diagnosis ? [h("p", { class: "note" }, t("stepsOfRule")), steps(diagnosis.steps)] : h("p", { class: "note" }, t("stepsUnavailable")),
        h("h4", {}, t("appeal")),
        escalation(diagnosis?.escalation ?? policy?.escalation),
      );
    } catch (error) {
      if (this.guidanceFor !== key) return;
      this.guidanceFor = "";
      replace(this.guidance, h("p", { class: "field-error", role: "alert" }, describeError(error, "whatCatalog")));
    }
  }
}

interface Followed {
  ref: string;
  card: CaseCard | null;
  item: HTMLLIElement;
  note: HTMLElement;
  abort: AbortController;
}

export function casesView(): View {
  const platformSelect = h("select", { id: "cases-platform" });
  const stateSelect = h("select", { id: "cases-state" });
  const refreshButton = h("button", { type: "button" });
  const listedAt = h("span", { class: "note", "aria-live": "off" });
  const listError = h("div", { class: "list-error", role: "alert" });
  const list = h("div", { class: "case-list", id: "case-list" });
  const previous = h("button", { type: "button" });
  const next = h("button", { type: "button" });
  const pageLabel = h("span", { class: "page" });
  const refInput = h("input", { id: "follow-ref", type: "text", autocomplete: "off", spellcheck: "false", maxlength: "128", "aria-describedby": "follow-help follow-error" });
  const followError = h("p", { id: "follow-error", class: "field-error", role: "alert" });
  const followedList = h("ul", { class: "followed", id: "followed" });
  const element = h("section", { class: "view cases", "aria-labelledby": "cases-heading" });

  let tokens = [""];
  let page = 0;
  let nextToken = "";
  let active = false;
  let listing: Promise<void> | null = null;
  let again = false;
  let timer: number | undefined;
  let current: Catalog | undefined;
  const cards = new Map<string, CaseCard>();
  const followed = new Map<string, Followed>();

  const heading = h("h2", { id: "cases-heading" });
  const intro = h("p", { class: "intro" });
  const followHeading = h("h3", { id: "follow-heading" });
  const followHelp = h("p", { id: "follow-help", class: "note" });
  const refLabel = h("label", { for: "follow-ref" });
  const followButton = h("button", { type: "submit", class: "primary" });
  const platformLabel = h("label", { for: "cases-platform" });
  const stateLabel = h("label", { for: "cases-state" });
  const filters = h("div", { class: "filters", role: "group" });
  const pager = h("nav", { class: "pager" }, previous, pageLabel, next);
  replace(filters, h("div", { class: "field" }, platformLabel, platformSelect), h("div", { class: "field" }, stateLabel, stateSelect), refreshButton, listedAt);
  replace(
    element,
    heading,
    intro,
    h(
      "section",
      { class: "follow", "aria-labelledby": "follow-heading" },
      followHeading,
      followHelp,
      h("form", { class: "inline-form", onsubmit: onFollow }, refLabel, refInput, followButton),
      followError,
      followedList,
    ),
    filters,
    listError,
    list,
    pager,
  );

  function labels(): void {
    const platform = platformSelect.value;
    const state = stateSelect.value;
    replace(
      platformSelect,
      h("option", { value: "" }, t("allPlatforms")),
      (current?.platforms ?? []).map((p) => h("option", { value: p.platform }, p.policy?.displayName || p.platform)),
    );
    platformSelect.value = platform;
    replace(stateSelect, h("option", { value: "" }, t("allStates")), states.map((s) => h("option", { value: String(s) }, enumLabel("state", VerificationState, s))));
    stateSelect.value = state;
    heading.textContent = t("casesHeading");
    intro.textContent = t("casesIntro", { seconds: listIntervalMs / 1000 });
    followHeading.textContent = t("followHeading");
    followHelp.textContent = t("followIntro");
    refLabel.textContent = t("caseRef");
    followButton.textContent = t("follow");
    platformLabel.textContent = t("filterPlatform");
    stateLabel.textContent = t("filterState");
    filters.setAttribute("aria-label", t("casesHeading"));
    pager.setAttribute("aria-label", t("casesHeading"));
    refreshButton.textContent = t("refresh");
    previous.textContent = t("previousPage");
    next.textContent = t("nextPage");
    pageLabel.textContent = t("pageN", { n: page + 1 });
    for (const entry of followed.values()) {
      const unfollow = entry.item.querySelector<HTMLButtonElement>("button.unfollow");
      if (!unfollow) continue;
      unfollow.textContent = t("unfollow");
      unfollow.setAttribute("aria-label", t("unfollowRef", { ref: entry.ref }));
    }
  }

  function renderCards(): void {
    for (const card of cards.values()) card.render(current);
    for (const entry of followed.values()) entry.card?.render(current);
  }

  async function loadCatalog(): Promise<void> {
    try {
      current = await catalog(lang());
      labels();
      renderCards();
    } catch (error) {
      replace(listError, describeError(error, "whatCatalog"));
    }
  }

  /** Lists the current page again; a call while one runs makes it run once more after. */
  function refresh(): Promise<void> {
    if (listing) {
      again = true;
      return listing;
    }
    listing = (async () => {
      do {
        again = false;
        await listOnce();
      } while (again);
    })().finally(() => {
      listing = null;
    });
    return listing;
  }

  async function listOnce(): Promise<void> {
    const query = { platform: platformSelect.value, state: Number(stateSelect.value || 0) as VerificationState };
    try {
      const response = await call(() => clients.status.listVerificationStatuses({ ...query, pageSize, pageToken: tokens[page] }));
      nextToken = response.nextPageToken;
      const seen = new Set<string>();
      const rows: HTMLElement[] = [];
      for (const status of response.statuses) {
        seen.add(status.caseId);
        let card = cards.get(status.caseId);
        if (card) card.update(status, current);
        else {
          card = new CaseCard(status);
          card.render(current);
          cards.set(status.caseId, card);
        }
        rows.push(card.element);
      }
      for (const id of [...cards.keys()]) if (!seen.has(id)) cards.delete(id);
      // Moved, not re-created: an element that stays keeps its focus and open state.
      if (rows.length === 0) replace(list, h("p", { class: "empty" }, t("noCases")));
      else {
        list.querySelector(":scope > .empty")?.remove();
        rows.forEach((row, i) => {
          if (list.children[i] !== row) list.insertBefore(row, list.children[i] ?? null);
        });
        while (list.children.length > rows.length) list.lastElementChild?.remove();
      }
      listError.replaceChildren();
      listedAt.textContent = t("updatedAt", { time: formatClock(new Date()) });
      previous.disabled = page === 0;
      next.disabled = !nextToken;
      pageLabel.textContent = t("pageN", { n: page + 1 });
    } catch (error) {
      if (!isCancel(error)) replace(listError, describeError(error, "whatList"));
    }
  }

  function restartFromFirstPage(): void {
    tokens = [""];
    page = 0;
    void refresh();
  }

  function onFollow(event: Event): void {
    event.preventDefault();
    const ref = refInput.value.trim();
    followError.textContent = "";
    if (!ref) {
      followError.textContent = t("followEmpty");
      return;
    }
    if (followed.has(ref)) return;
    if (followed.size >= maxFollowed) {
      followError.textContent = t("followLimit", { n: maxFollowed });
      return;
    }
    refInput.value = "";
    follow(ref);
  }

  function follow(ref: string): void {
    const note = h("p", { class: "note watch-note", "aria-live": "polite" }, t("loading"));
    const unfollow = h("button", { type: "button", class: "unfollow link", "aria-label": t("unfollowRef", { ref }) }, t("unfollow"));
    const item = h("li", { class: "followed-case", "data-ref": ref }, h("div", { class: "followed-head" }, h("code", {}, ref), unfollow), note);
    const entry: Followed = { ref, card: null, item, note, abort: new AbortController() };
    unfollow.addEventListener("click", () => {
      entry.abort.abort();
      followed.delete(ref);
      item.remove();
      refInput.focus();
    });
    followed.set(ref, entry);
    followedList.append(item);
    void watch(entry);
  }

  async function watch(entry: Followed): Promise<void> {
    const { signal } = entry.abort;
    let delayMs = 1_000;
    while (!signal.aborted) {
      try {
        let final = false;
        await call(async () => {
          for await (const { status } of clients.status.watchVerificationStatus({ caseRef: entry.ref }, { signal, timeoutMs: 0 })) {
            if (!status) continue;
            delayMs = 1_000;
            showFollowed(entry, status);
            final = status.state === VerificationState.FINAL;
          }
        });
        if (final) {
          entry.note.textContent = t("watchEnded");
          return;
        }
      } catch (error) {
        if (signal.aborted || isCancel(error)) return;
        const message = describeError(error, "whatWatch");
        entry.note.textContent = message;
        if (needsOperator(error)) return;
        entry.note.textContent = `${message} ${t("watchReconnecting")}`;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 30_000);
    }
  }

  function showFollowed(entry: Followed, status: VerificationStatus): void {
    const recorded = status.state !== VerificationState.UNKNOWN || Boolean(status.ruleId);
    entry.note.textContent = recorded ? "" : t("notRecorded");
    if (!recorded) return;
    if (!entry.card) {
      entry.card = new CaseCard(status);
      entry.card.element.open = true;
      entry.item.append(entry.card.element);
    }
    entry.card.update(status, current);
    // The same case in the list shows the same state; a newly recorded one joins the list.
    const listed = cards.get(status.caseId);
    if (listed) listed.update(status, current);
    else if (page === 0) void refresh();
  }

  // Countdowns tick every second; one that reaches zero means a window just opened, so the list
  // is listed again for the server's new state.
  let lastTick = Date.now();
  setInterval(() => {
    if (!active) return;
    const now = Date.now();
    let opened = false;
    for (const el of element.querySelectorAll<HTMLElement>("[data-countdown]")) {
      const at = Date.parse(el.dataset.countdown ?? "");
      if (at > lastTick && at <= now) opened = true;
      el.textContent = windowClock(new Date(at), now);
    }
    lastTick = now;
    if (opened) setTimeout(() => void refresh(), 1_000);
  }, 1_000);

  platformSelect.addEventListener("change", restartFromFirstPage);
  stateSelect.addEventListener("change", restartFromFirstPage);
  refreshButton.addEventListener("click", () => void refresh());
  previous.addEventListener("click", () => {
    if (page === 0) return;
    page -= 1;
    void refresh();
  });
  next.addEventListener("click", () => {
    if (!nextToken) return;
    tokens[page + 1] = nextToken;
    page += 1;
    void refresh();
  });
  document.addEventListener("visibilitychange", () => {
    if (active && document.visibilityState === "visible") void refresh();
  });

  labels();
  void loadCatalog();

  return {
    name: "cases",
    element,
    activate() {
      active = true;
      void refresh();
      timer = window.setInterval(() => {
        if (document.visibilityState === "visible") void refresh();
      }, listIntervalMs);
    },
    deactivate() {
      active = false;
      window.clearInterval(timer);
    },
    relabel() {
      labels();
      renderCards();
      void loadCatalog();
    },
  };
}
