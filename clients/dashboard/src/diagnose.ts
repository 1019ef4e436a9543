// The diagnosis form and its preview: the whole answer as the user would see it, with the
// matching details for operations underneath. Nothing is recorded (no case reference is sent).
import {
  ConnectError,
  DocumentType,
  MatchKind,
  Outcome,
  Region,
  SubjectType,
  richError,
  type DiagnoseRequestSchema,
  type Diagnosis,
} from "@realname-api/client/web";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { call, clients, describeError } from "./api.js";
import { catalog } from "./catalog.js";
import { dl, h, replace, type Child } from "./dom.js";
import { enumLabel, inLang, lang, languages, t, type Lang, type MessageKey } from "./i18n.js";
import { accountLimit, alternatives, escalation, findings, retryWindow, source, steps } from "./render.js";
import type { View } from "./view.js";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

interface Field {
  /** The request field path the server names in its BadRequest violations. */
  path: string;
  label: MessageKey;
  control: Control;
  error: HTMLElement;
  wrapper: HTMLElement;
}

function values(enumObject: object): number[] {
  return Object.values(enumObject).filter((v): v is number => typeof v === "number");
}

export function diagnoseView(): View {
  const fields: Field[] = [];
  const element = h("section", { class: "view diagnose", "aria-labelledby": "diagnose-heading" });
  const formError = h("div", { class: "form-error", role: "alert" });
  const preview = h("section", { class: "preview", "aria-labelledby": "preview-heading", hidden: true });
  const submit = h("button", { type: "submit", class: "primary" });
  let last: Diagnosis | null = null;

  function field(path: string, label: MessageKey, control: Control, className = "field"): HTMLElement {
    const id = control.id;
    const error = h("p", { id: `${id}-error`, class: "field-error" });
    control.setAttribute("aria-describedby", `${id}-error`);
    const labelElement = h("label", { for: id });
    const wrapper =
      control instanceof HTMLInputElement && control.type === "checkbox"
        ? h("div", { class: `${className} checkbox` }, control, labelElement, error)
        : h("div", { class: className }, labelElement, control, error);
    fields.push({ path, label, control, error, wrapper });
    return wrapper;
  }

  const platform = h("select", { id: "dx-platform", required: true });
  const code = h("input", { id: "dx-code", type: "text", maxlength: "64", autocomplete: "off" });
  const message = h("textarea", { id: "dx-message", rows: "3", maxlength: "4096" });
  const locale = h("select", { id: "dx-locale" });
  const docType = h("select", { id: "dx-doc-type" });
  const docNumber = h("input", { id: "dx-doc-number", type: "text", autocomplete: "off", spellcheck: "false" });
  const holder = h("input", { id: "dx-holder", type: "text", autocomplete: "off" });
  const holderEn = h("input", { id: "dx-holder-en", type: "text", autocomplete: "off" });
  const issue = h("input", { id: "dx-issue", type: "date" });
  const expiry = h("input", { id: "dx-expiry", type: "date" });
  const longTerm = h("input", { id: "dx-long-term", type: "checkbox" });
  const subjectType = h("select", { id: "dx-subject-type" });
  const region = h("select", { id: "dx-region" });
  const accounts = h("input", { id: "dx-accounts", type: "number", min: "0", max: "1000", step: "1", inputmode: "numeric" });
  const heading = h("h2", { id: "diagnose-heading" });
  const intro = h("p", { class: "intro" });
  const documentLegend = h("legend", {});
  const subjectLegend = h("legend", {});

  const form = h(
    "form",
    { class: "diagnose-form", novalidate: true, onsubmit: (e: Event) => void onSubmit(e) },
    h(
      "div",
      { class: "grid" },
      field("platform", "platform", platform),
      field("locale", "locale", locale),
      field("code", "code", code),
      field("message", "message", message, "field wide"),
    ),
    h(
      "fieldset",
      {},
      documentLegend,
      h(
        "div",
        { class: "grid" },
        field("document.type", "documentType", docType),
        field("document.number", "documentNumber", docNumber),
        field("document.holder_name", "holderName", holder),
        field("document.holder_name_en", "holderNameEn", holderEn),
        field("document.issue_date", "issueDate", issue),
        field("document.expiry_date", "expiryDate", expiry),
        field("document.long_term", "longTerm", longTerm),
      ),
    ),
    h(
      "fieldset",
      {},
      subjectLegend,
      h(
        "div",
        { class: "grid" },
        field("subject.type", "subjectType", subjectType),
        field("subject.region", "region", region),
        field("subject.accounts_held", "accountsHeld", accounts),
      ),
    ),
    formError,
    h("div", { class: "actions" }, submit),
  );
  replace(element, heading, intro, form, preview);

  function options(select: HTMLSelectElement, list: [string, string][]): void {
    const value = select.value;
    replace(select, list.map(([v, label]) => h("option", { value: v }, label)));
    if (value && list.some(([v]) => v === value)) select.value = value;
  }

  function labels(): void {
    heading.textContent = t("diagnoseHeading");
    intro.textContent = t("diagnoseIntro");
    documentLegend.textContent = t("documentLegend");
    subjectLegend.textContent = t("subjectLegend");
    submit.textContent = t("submitDiagnose");
    for (const f of fields) f.wrapper.querySelector("label")!.textContent = t(f.label);
    const previousLocale = locale.value;
    options(locale, languages.map((l) => [l, l === "en" ? "English" : "简体中文"]));
    locale.value = previousLocale || lang();
    options(docType, values(DocumentType).map((v) => [String(v), enumLabel("documentType", DocumentType, v)]));
    options(subjectType, values(SubjectType).map((v) => [String(v), enumLabel("subjectType", SubjectType, v)]));
    options(region, values(Region).map((v) => [String(v), enumLabel("region", Region, v)]));
    if (last) showPreview(last);
  }

  async function loadPlatforms(): Promise<void> {
    try {
      const c = await catalog(lang());
      options(platform, c.platforms.map((p) => [p.platform, p.policy?.displayName || p.platform]));
    } catch (error) {
      replace(formError, describeError(error, "whatCatalog"));
    }
  }

  function date(input: HTMLInputElement): { year: number; month: number; day: number } | undefined {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value);
    return match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
  }

  function request(): MessageInitShape<typeof DiagnoseRequestSchema> {
    const document = {
      type: Number(docType.value) as DocumentType,
      number: docNumber.value.trim(),
      holderName: holder.value.trim(),
      holderNameEn: holderEn.value.trim(),
      issueDate: date(issue),
      expiryDate: date(expiry),
      longTerm: longTerm.checked,
    };
    const hasDocument = Boolean(document.type || document.number || document.holderName || document.holderNameEn || document.issueDate || document.expiryDate || document.longTerm);
    const subject = {
      type: Number(subjectType.value) as SubjectType,
      region: Number(region.value) as Region,
      accountsHeld: accounts.value === "" ? undefined : Number(accounts.value),
    };
    const hasSubject = Boolean(subject.type || subject.region || subject.accountsHeld !== undefined);
    return {
      platform: platform.value,
      code: code.value.trim(),
      message: message.value,
      locale: locale.value,
      document: hasDocument ? document : undefined,
      subject: hasSubject ? subject : undefined,
    };
  }

  function clearErrors(): void {
    formError.replaceChildren();
    for (const f of fields) {
      f.error.textContent = "";
      f.control.removeAttribute("aria-invalid");
    }
  }

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    clearErrors();
    submit.disabled = true;
    submit.textContent = t("diagnosing");
    try {
      const { diagnosis } = await call(() => clients.remediation.diagnose(request()));
      if (diagnosis) {
        last = diagnosis;
        showPreview(diagnosis);
        preview.querySelector<HTMLElement>("#preview-heading")?.focus();
      }
    } catch (error) {
      showError(error);
    } finally {
      submit.disabled = false;
      submit.textContent = t("submitDiagnose");
    }
  }

  // Field violations (INVALID_ARGUMENT, and NOT_FOUND for an unknown platform) go next to their
  // fields; their descriptions are the server's English texts for developers, while the
  // localised message heads the form. Focus goes to the first marked field in form order.
  function showError(error: unknown): void {
    const failure = ConnectError.from(error);
    replace(formError, h("p", {}, describeError(failure, "whatDiagnose")));
    const rich = richError(failure);
    const unplaced: string[] = [];
    for (const v of rich.fieldViolations) {
      const f = fields.find((x) => v.field === x.path || v.field.startsWith(`${x.path}.`) || v.field.startsWith(`${x.path}[`));
      if (!f) {
        unplaced.push(`${v.field}: ${v.description}`);
        continue;
      }
      f.error.textContent = f.error.textContent ? `${f.error.textContent} ${v.description}` : v.description;
      f.control.setAttribute("aria-invalid", "true");
    }
    if (unplaced.length > 0) formError.append(h("ul", {}, unplaced.map((u) => h("li", {}, u))));
    if (rich.fieldViolations.length > 0) formError.prepend(h("p", {}, t("fieldErrors")));
    fields.find((f) => f.control.getAttribute("aria-invalid") === "true")?.control.focus();
  }

  function section(title: string, ...body: Child[]): HTMLElement {
    return h("section", { class: "answer-part" }, h("h4", {}, title), ...body);
  }

  function showPreview(d: Diagnosis): void {
    const answerLang: Lang = d.locale === "en" ? "en" : "zh-CN";
    replace(
      preview,
      h("h3", { id: "preview-heading", tabindex: "-1" }, t("previewHeading")),
      // The answer as the user sees it, headings included, in the answer's language.
      inLang(answerLang, () => h(
        "article",
        { class: "answer", lang: answerLang, "data-rule": d.ruleId },
        h("header", {}, h("h4", { class: "answer-title" }, d.title), h("span", { class: `tag outcome-${Outcome[d.outcome]?.toLowerCase()}` }, enumLabel("outcome", Outcome, d.outcome))),
        d.summary && h("p", { class: "summary" }, d.summary),
        d.steps.length > 0 && section(t("steps"), steps(d.steps)),
        d.retry && section(t("retryWindow"), retryWindow(d.retry)),
        d.accountLimit && section(t("accountLimit"), accountLimit(d.accountLimit)),
        d.findings.length > 0 && section(t("findings"), findings(d.findings)),
        d.escalation && (d.escalation.channels.length > 0 || d.escalation.requiredMaterials.length > 0) && section(t("appeal"), escalation(d.escalation)),
        d.alternatives.length > 0 && section(t("alternatives"), alternatives(d.alternatives)),
      )),
      h(
        "details",
        { class: "ops" },
        h("summary", {}, t("opsDetails")),
        dl([
          [t("rule"), h("code", {}, d.ruleId)],
          [t("confidence"), `${Math.round(d.confidence * 100)}%`],
          [t("matchKind"), enumLabel("matchKind", MatchKind, d.matchKind)],
          [t("source"), source(d.source)],
          [t("catalogVersion"), h("code", {}, d.catalogVersion)],
        ]),
      ),
    );
    preview.hidden = false;
  }

  labels();
  void loadPlatforms();

  return {
    name: "diagnose",
    element,
    activate() {},
    deactivate() {},
    relabel() {
      labels();
      void loadPlatforms();
    },
  };
}
