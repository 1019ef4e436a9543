// Renderings shared by the case view and the diagnosis preview.
import {
  AccountLimitState,

  EscalationChannelKind,
  FindingSeverity,
  Outcome,
  RetryAnchor,
  RetryBasis,
  type AccountLimit,
  type Alternative,
  type DocumentFinding,
  type Escalation,
  type RemediationStep,
  type RetryWindow,
  type SourceReference,
} from "@realname-api/client/web";
import { dl, h, type Child } from "./dom.js";
import { enumLabel, t } from "./i18n.js";
import { countdown, formatDay, toDate } from "./time.js";

/** The ordered steps, with their finer points. */
export function steps(list: RemediationStep[]): HTMLOListElement {
  return h(
    "ol",
    { class: "steps" },
    list.map((step) => h("li", {}, h("span", {}, step.text), step.details.length > 0 && h("ul", {}, step.details.map((d) => h("li", {}, d))))),
  );
}

/** What the window counts in, in words. */
export function basisNote(retry: RetryWindow): string {
  const vars = { min: retry.minDays, max: retry.maxDays };
  const fixed = retry.minDays === retry.maxDays;
  switch (retry.basis) {
    case RetryBasis.IMMEDIATE:
      return t("basisImmediate");
    case RetryBasis.NATURAL_DAYS:
      return t(fixed ? "basisNaturalFixed" : "basisNatural", vars);
    case RetryBasis.WORKING_DAYS:
      return t(fixed ? "basisWorkingFixed" : "basisWorking", vars);
    case RetryBasis.NOT_RETRYABLE:
      return t("basisNotRetryable");
    default:
      return "";
  }
}

/** The countdown to a window's opening, or since when it is open. */
export function windowClock(earliest: Date, now = Date.now()): string {
  return earliest.getTime() > now ? t("opensIn", { time: countdown(earliest, now) }) : t("openSince", { date: formatDay(earliest) });
}

/**
 * The retry window: dates in Asia/Shanghai, countdown, what it counts in and from, estimated or
 * not. `open` is the server's word on whether the window is open (a case's state); without it,
 * this device's clock decides.
 */
export function retryWindow(retry: RetryWindow | undefined, open?: boolean): HTMLElement | null {
  if (!retry) return null;
  // Dates only where days are counted: an immediate retry's "earliest" is just now.
  const counted = retry.basis === RetryBasis.NATURAL_DAYS || retry.basis === RetryBasis.WORKING_DAYS;
  const earliest = counted ? toDate(retry.earliest) : undefined;
  const latest = counted ? toDate(retry.latest) : undefined;
  return h(
    "div",
    { class: "retry" },
    dl([
      [t("earliest"), earliest && h("time", { datetime: earliest.toISOString() }, formatDay(earliest))],
      [t("latest"), latest && latest.getTime() !== earliest?.getTime() && h("time", { datetime: latest.toISOString() }, formatDay(latest))],
      [
        t("retryWindow"),
        earliest &&
          (open === true
            ? h("span", { class: "countdown" }, t("openSince", { date: formatDay(earliest) }))
            : h("span", { class: "countdown", "data-countdown": earliest.toISOString() }, windowClock(earliest))),
      ],
    ]),
    h("p", { class: "note" }, basisNote(retry)),
    counted && retry.anchor === RetryAnchor.ISSUE_DATE && h("p", { class: "note" }, t("anchorIssueDate")),
    counted && retry.anchor === RetryAnchor.OCCURRED_AT && h("p", { class: "note" }, t("anchorOccurredAt")),
    // Whether the holiday calendar was published matters only where working days are counted.
    retry.calendarEstimated
      ? h("p", { class: "note estimated" }, t("calendarEstimated"))
      : retry.basis === RetryBasis.WORKING_DAYS && h("p", { class: "note" }, t("calendarPublished")),
    earliest && h("p", { class: "note" }, t("countdownNote")),
  );
}

/** How to appeal: the channels in order, the materials and their conditions. */
export function escalation(value: Escalation | undefined): HTMLElement {
  if (!value || (value.channels.length === 0 && value.requiredMaterials.length === 0)) {
    return h("p", { class: "note" }, t("noAppeal"));
  }
  return h(
    "div",
    { class: "escalation" },
    value.channels.length > 0 &&
      h(
        "div",
        {},
        h("h4", {}, t("appealChannels")),
        h(
          "ol",
          { class: "channels" },
          value.channels.map((channel) =>
            h(
              "li",
              {},
              h("strong", {}, channel.name || enumLabel("channelKind", EscalationChannelKind, channel.kind)),
              " ",
              h("span", { class: "tag" }, enumLabel("channelKind", EscalationChannelKind, channel.kind)),
              dl([
                [t("channelAddress"), channel.address],
                [t("channelSubject"), channel.subjectTemplate && h("code", {}, channel.subjectTemplate)],
                [t("channelWhen"), channel.whenToUse],
                [t("channelMaterials"), channel.requiredMaterials.length > 0 && h("ul", {}, channel.requiredMaterials.map((m) => h("li", {}, m)))],
              ]),
            ),
          ),
        ),
      ),
    value.requiredMaterials.length > 0 && h("div", {}, h("h4", {}, t("materials")), h("ul", {}, value.requiredMaterials.map((m) => h("li", {}, m)))),
    value.notes.length > 0 && h("div", {}, h("h4", {}, t("notes")), h("ul", {}, value.notes.map((m) => h("li", {}, m)))),
  );
}

/** The document checks' findings, most serious first as the server sends them. */
export function findings(list: DocumentFinding[]): HTMLElement {
  if (list.length === 0) return h("p", { class: "note" }, t("noFindings"));
  return h(
    "ul",
    { class: "findings" },
    list.map((finding) =>
      h(
        "li",
        { class: `finding severity-${FindingSeverity[finding.severity]?.toLowerCase() ?? "info"}` },
        h("span", { class: "tag" }, enumLabel("severity", FindingSeverity, finding.severity)),
        " ",
        finding.message,
        finding.field && h("span", { class: "field-path" }, ` (${finding.field})`),
        finding.correction && h("p", { class: "note" }, t("correction", { position: finding.correction.position, found: finding.correction.found, replacement: finding.correction.replacement })),
        finding.retry && retryWindow(finding.retry),
      ),
    ),
  );
}

/** The account-limit rule that applies. */
export function accountLimit(limit: AccountLimit | undefined): HTMLElement | null {
  if (!limit) return null;
  return h(
    "div",
    { class: `account-limit limit-${AccountLimitState[limit.state]?.toLowerCase()}` },
    h("p", {}, h("span", { class: "tag" }, enumLabel("limitState", AccountLimitState, limit.state)), " ", limit.description),
    limit.basis && h("p", { class: "note" }, limit.basis),
    limit.options.length > 0 && h("div", {}, h("h4", {}, t("accountLimitOptions")), h("ol", {}, limit.options.map((o) => h("li", {}, o)))),
  );
}

/** Other rules that fit less well. */
export function alternatives(list: Alternative[]): HTMLElement {
  return h(
    "ul",
    { class: "alternatives" },
    list.map((a) =>
      h("li", {}, a.title, " ", h("span", { class: "tag" }, enumLabel("outcome", Outcome, a.outcome)), " ", h("span", { class: "note" }, `${Math.round(a.confidence * 100)}% · ${a.ruleId}`)),
    ),
  );
}

/** Where a rule comes from. */
export function source(ref: SourceReference | undefined): Child {
  if (!ref?.document) return null;
  return t("sourceRef", { document: ref.document, section: ref.section || "–" });
}
