// The catalog: per platform, its policy and its rules with the platform's own messages, codes
// and sources, searchable.
import { Category, ImageFormat, Outcome, SubjectType, UploadChannel, type FailureRule, type PlatformPolicy } from "@realname-api/client/web";
import { describeError } from "./api.js";
import { catalog, type Catalog } from "./catalog.js";
import { dl, h, replace } from "./dom.js";
import { enumLabel, lang, t } from "./i18n.js";
import { escalation, source } from "./render.js";
import type { View } from "./view.js";

function bytes(n: bigint): string {
  const value = Number(n);
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(value % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (value >= 1024) return `${Math.round(value / 1024)} KB`;
  return `${value} B`;
}

function policyFacts(policy: PlatformPolicy): HTMLElement {
  return h(
    "div",
    { class: "policy" },
    dl([
      [t("verificationMethod"), policy.verificationMethod],
      [t("reviewTime"), policy.reviewTime],
      [
        t("accountLimits"),
        policy.accountLimits.length > 0 &&
          h(
            "ul",
            {},
            policy.accountLimits.map((l) => h("li", {}, h("span", { class: "tag" }, enumLabel("subjectType", SubjectType, l.subjectType)), " ", l.description, l.basis && h("span", { class: "note" }, ` (${l.basis})`))),
          ),
      ],
      [
        t("uploadLimits"),
        policy.uploadLimits.length > 0 &&
          h(
            "ul",
            {},
            policy.uploadLimits.map((u) =>
              h(
                "li",
                {},
                t("uploadLimit", {
                  channel: enumLabel("uploadChannel", UploadChannel, u.channel),
                  min: bytes(u.minBytes),
                  max: bytes(u.maxBytes),
                  formats: u.formats.map((f) => ImageFormat[f] ?? String(f)).join("/"),
                  color: u.colorRequired ? t("colorRequired") : "",
                }),
              ),
            ),
          ),
      ],
    ]),
    h("details", { class: "default-escalation" }, h("summary", {}, t("defaultEscalation")), escalation(policy.escalation)),
  );
}

function ruleCard(rule: FailureRule): HTMLElement {
  return h(
    "li",
    { class: "rule", "data-rule": rule.ruleId },
    h("h4", {}, rule.title),
    h("p", { class: "rule-meta" }, h("code", {}, rule.ruleId), " ", h("span", { class: "tag" }, enumLabel("category", Category, rule.category)), " ", h("span", { class: "tag" }, enumLabel("outcome", Outcome, rule.outcome))),
    dl([
      // The platform's own words, in Chinese whatever the page's language.
      [t("knownMessages"), rule.knownMessages.length > 0 && h("ul", { lang: "zh-CN" }, rule.knownMessages.map((m) => h("li", {}, h("q", {}, m))))],
      [t("codes"), rule.codes.length > 0 && rule.codes.map((c, i) => [i > 0 && ", ", h("code", {}, c)])],
      [t("source"), source(rule.source)],
    ]),
  );
}

function matches(rule: FailureRule, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return [rule.title, rule.ruleId, ...rule.knownMessages, ...rule.codes].some((text) => text.toLowerCase().includes(q));
}

export function catalogView(): View {
  const element = h("section", { class: "view catalog", "aria-labelledby": "catalog-heading" });
  const heading = h("h2", { id: "catalog-heading" });
  const intro = h("p", { class: "intro" });
  const searchLabel = h("label", { for: "catalog-search" });
  const search = h("input", { id: "catalog-search", type: "search", autocomplete: "off", "aria-describedby": "catalog-count" });
  const count = h("p", { id: "catalog-count", class: "note", "aria-live": "polite" });
  const body = h("div", { class: "platforms" });
  replace(element, heading, intro, h("div", { class: "field search" }, searchLabel, search), count, body);
  let current: Catalog | undefined;

  function labels(): void {
    heading.textContent = t("catalogHeading");
    intro.textContent = t("catalogIntro");
    searchLabel.textContent = t("searchRules");
    search.placeholder = t("searchPlaceholder");
  }

  function render(): void {
    if (!current) return;
    const query = search.value.trim();
    let shown = 0;
    let total = 0;
    replace(
      body,
      current.platforms.map((p) => {
        const rules = p.rules.filter((r) => matches(r, query));
        shown += rules.length;
        total += p.rules.length;
        return h(
          "section",
          { class: "platform", "aria-labelledby": `catalog-${p.platform}`, "data-platform": p.platform },
          h("h3", { id: `catalog-${p.platform}` }, p.policy?.displayName || p.platform, " ", h("code", {}, p.platform)),
          p.policy && policyFacts(p.policy),
          h("ul", { class: "rules" }, rules.map(ruleCard)),
        );
      }),
    );
    count.textContent = t("rulesCount", { shown, total });
  }

  async function load(): Promise<void> {
    replace(body, h("p", { class: "note" }, t("loading")));
    try {
      current = await catalog(lang());
      render();
    } catch (error) {
      replace(body, h("p", { class: "field-error", role: "alert" }, describeError(error, "whatCatalog")));
    }
  }

  search.addEventListener("input", render);
  labels();
  let loaded = false;

  return {
    name: "catalog",
    element,
    activate() {
      if (!loaded) {
        loaded = true;
        void load();
      }
    },
    deactivate() {},
    relabel() {
      labels();
      if (loaded) void load();
    },
  };
}
