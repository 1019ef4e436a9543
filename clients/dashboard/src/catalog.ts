// The catalog as the page needs it: every rule and platform policy per language, loaded once
// per language, and a rule's own steps and appeal for the cases (a recorded case keeps only
// its rule's id, no message, so the case view shows the guidance of the rule).
import type { Diagnosis, FailureRule, PlatformPolicy } from "@realname-api/client/web";
import { call, clients } from "./api.js";
import type { Lang } from "./i18n.js";

/** One platform: its policy and its rules, ordered by rule id. */
export interface PlatformCatalog {
  platform: string;
  policy: PlatformPolicy | undefined;
  rules: FailureRule[];
}

/** The catalog in one language. */
export interface Catalog {
  platforms: PlatformCatalog[];
  rules: Map<string, FailureRule>;
}

const catalogs = new Map<Lang, Promise<Catalog>>();

/** The catalog in `locale`, loaded on first use (a failed load is tried again next time). */
export function catalog(locale: Lang): Promise<Catalog> {
  let loaded = catalogs.get(locale);
  if (!loaded) {
    loaded = load(locale);
    loaded.catch(() => catalogs.delete(locale));
    catalogs.set(locale, loaded);
  }
  return loaded;
}

async function load(locale: Lang): Promise<Catalog> {
  const rules: FailureRule[] = [];
  let pageToken = "";
  do {
    const page = await call(() => clients.remediation.listFailureRules({ pageSize: 100, pageToken, locale }));
    rules.push(...page.rules);
    pageToken = page.nextPageToken;
  } while (pageToken);

  const names = [...new Set(rules.map((r) => r.platform))].sort();
  const policies = await Promise.all(
    names.map((platform) => call(() => clients.remediation.getPlatformPolicy({ platform, locale })).then((r) => r.policy)),
  );
  return {
    platforms: names.map((platform, i) => ({ platform, policy: policies[i], rules: rules.filter((r) => r.platform === platform) })),
    rules: new Map(rules.map((r) => [r.ruleId, r])),
  };
}

/** A platform's name in the catalog's language, or its id. */
export function platformName(c: Catalog, platform: string): string {
  return c.platforms.find((p) => p.platform === platform)?.policy?.displayName || platform;
}

const guidance = new Map<string, Promise<Diagnosis | undefined>>();

/**
 * The steps and appeal of a rule: the diagnosis of the rule's own error code or first known
 * message, which names the rule itself. Sent without a case reference, so nothing is recorded.
 * Undefined when the rule has neither, or the answer names another rule (then the page says
 * the steps are not available rather than showing another rule's).
 */
export function ruleGuidance(c: Catalog, ruleId: string, locale: Lang): Promise<Diagnosis | undefined> {
  const cacheKey = `${locale} ${ruleId}`;
  let found = guidance.get(cacheKey);
  if (!found) {
    found = loadGuidance(c, ruleId, locale);
    found.catch(() => guidance.delete(cacheKey));
    guidance.set(cacheKey, found);
  }
  return found;
}

async function loadGuidance(c: Catalog, ruleId: string, locale: Lang): Promise<Diagnosis | undefined> {
  const rule = c.rules.get(ruleId);
  if (!rule) return undefined;
  const probe = rule.codes.length > 0 ? { code: rule.codes[0] } : rule.knownMessages.length > 0 ? { message: rule.knownMessages[0] } : undefined;
  if (!probe) return undefined;
  const { diagnosis } = await call(() => clients.remediation.diagnose({ platform: rule.platform, locale, ...probe }));
  return diagnosis?.ruleId === ruleId ? diagnosis : undefined;
}
