// The page's own texts in both languages. The server localises everything it sends (titles,
// steps, findings) through the `locale` field or `accept-language`; these are only the labels
// around them. Kept as plain tables: two languages do not need a message-format library.

export type Lang = "zh-CN" | "en";
export const languages: readonly Lang[] = ["zh-CN", "en"];

const en = {
  appTitle: "RealNameApi operations",
  skip: "Skip to content",
  language: "Language",
  navCases: "Cases",
  navDiagnose: "Diagnose",
  navCatalog: "Catalog",
  apiKey: "API key",
  apiKeySet: "API key (set)",
  loading: "Loading…",
  dismiss: "Dismiss",
  retry: "Try again",
  // Cases
  casesHeading: "Cases",
  casesIntro: "Every case recorded by a Diagnose call with a case reference, most recently updated first. The list refreshes every {seconds} s; followed cases update the moment they change.",
  filterPlatform: "Platform",
  filterState: "State",
  allPlatforms: "All platforms",
  allStates: "All states",
  refresh: "Refresh now",
  previousPage: "Previous page",
  nextPage: "Next page",
  pageN: "Page {n}",
  noCases: "No cases match these filters.",
  updatedAt: "Listed at {time}",
  followHeading: "Follow a case",
  followIntro: "Enter a case reference (the caller's case_ref) to watch it live. References are kept only while this page is open.",
  caseRef: "Case reference",
  follow: "Follow",
  unfollow: "Stop following",
  unfollowRef: "Stop following {ref}",
  followLimit: "At most {n} cases can be followed at once.",
  followEmpty: "Enter a case reference.",
  notRecorded: "Not recorded yet: watching until it appears.",
  watchReconnecting: "Connection lost; reconnecting…",
  watchEnded: "Final: no further changes.",
  caseId: "Case ID",
  rule: "Rule",
  category: "Category",
  outcome: "Outcome",
  created: "Recorded",
  updated: "Last recorded",
  retryWindow: "Retry window",
  earliest: "Earliest retry",
  latest: "Retry by",
  opensIn: "Opens in {time}",
  openSince: "Open since {date}",
  countdownNote: "Dates are in Asia/Shanghai; the countdown uses this device's clock.",
  basisImmediate: "A retry can succeed at once, after the steps.",
  basisNatural: "Counted in natural (calendar) days, Asia/Shanghai: {min}–{max} days.",
  basisNaturalFixed: "Counted in natural (calendar) days, Asia/Shanghai: {min} days.",
  basisWorking: "Counted in mainland working days: weekends and official days off skipped, make-up working days counted. {min}–{max} working days.",
  basisWorkingFixed: "Counted in mainland working days: weekends and official days off skipped, make-up working days counted. {min} working days.",
  basisNotRetryable: "No retry can succeed without an appeal, or at all.",
  anchorIssueDate: "Counted from the document's issue date.",
  anchorOccurredAt: "Counted from the failure.",
  calendarEstimated: "Estimated: a year in this window has no published holiday notice yet, so Monday to Friday were counted as working days.",
  calendarPublished: "Counted on the published holiday calendar.",
  steps: "Steps",
  stepsOfRule: "Steps for this rule (the case keeps no message, so these are the rule's own steps)",
  stepsUnavailable: "The steps of this rule could not be loaded.",
  appeal: "Appeal",
  appealChannels: "Channels, in order of preference",
  materials: "Materials to prepare",
  notes: "Conditions",
  channelAddress: "Where",
  channelSubject: "Subject line",
  channelWhen: "When to use",
  channelMaterials: "This channel asks for",
  noAppeal: "No appeal channel is listed.",
  // Diagnose
  diagnoseHeading: "Diagnose",
  diagnoseIntro: "Preview what a user sees for a failed verification. Nothing is recorded: the preview sends no case reference.",
  platform: "Platform",
  code: "Error code (optional)",
  message: "Failure message, as the user saw it",
  locale: "Answer language",
  documentLegend: "Document (optional)",
  documentType: "Document type",
  documentNumber: "Document number",
  holderName: "Holder's name",
  holderNameEn: "Holder's name in English",
  issueDate: "Issue date",
  expiryDate: "Expiry date",
  longTerm: "Valid long-term (长期)",
  subjectLegend: "Subject (optional)",
  subjectType: "Subject type",
  region: "Region",
  accountsHeld: "Accounts already held",
  notGiven: "Not given",
  submitDiagnose: "Diagnose",
  diagnosing: "Diagnosing…",
  previewHeading: "What the user sees",
  summary: "What went wrong",
  findings: "Document checks",
  noFindings: "The document checks found nothing.",
  alternatives: "Could also be",
  accountLimit: "Account limit",
  accountLimitOptions: "What the user can do",
  opsDetails: "For operations",
  confidence: "Confidence",
  matchKind: "Matched by",
  source: "Source",
  catalogVersion: "Catalog version",
  correction: "Position {position}: “{found}” should probably be “{replacement}”.",
  fieldErrors: "Please correct the marked fields.",
  // Catalog
  catalogHeading: "Catalog",
  catalogIntro: "The failure rules per platform, with the platform's own messages and where each rule comes from.",
  searchRules: "Search rules",
  searchPlaceholder: "Title, message, code or rule ID",
  rulesCount: "{shown} of {total} rules",
  verificationMethod: "Verification",
  reviewTime: "Review time",
  accountLimits: "Account limits",
  uploadLimits: "Upload limits",
  uploadLimit: "{channel}: {min}–{max}, {formats}{color}",
  colorRequired: ", colour only",
  knownMessages: "Known messages",
  codes: "Codes",
  defaultEscalation: "Default appeal",
  sourceRef: "{document} § {section}",
  // Errors and keys
  keyDialogTitle: "API key needed",
  keyDialogText: "This server asks for an API key. It is kept for this browser session only (sessionStorage) and sent with every call.",
  keyRejected: "That key was not accepted. Enter another one.",
  keyLabel: "API key",
  keySubmit: "Use this key",
  keyCancel: "Cancel",
  keyForget: "Forget the key",
  keyInvalid: "A key is one line of visible ASCII characters.",
  keyMissing: "An API key is needed to call this server.",
  permissionDenied: "Your API key does not have the role needed to {what}. Ask an administrator for a key with that role.",
  callFailed: "Could not {what}: {message}",
  whatList: "list cases",
  whatWatch: "follow a case",
  whatDiagnose: "diagnose",
  whatCatalog: "read the catalog",
  noScript: "This page needs JavaScript.",
};

type Messages = typeof en;
export type MessageKey = keyof Messages;

const zh: Messages = {
  appTitle: "RealNameApi 运营面板",
  skip: "跳到正文",
  language: "语言",
  navCases: "案例",
  navDiagnose: "诊断",
  navCatalog: "规则库",
  apiKey: "API 密钥",
  apiKeySet: "API 密钥(已设置)",
  loading: "加载中…",
  dismiss: "关闭",
  retry: "重试",
  casesHeading: "案例",
  casesIntro: "所有带案例编号的 Diagnose 调用所记录的案例,最近更新的在前。列表每 {seconds} 秒刷新一次;关注的案例一有变化即时更新。",
  filterPlatform: "平台",
  filterState: "状态",
  allPlatforms: "全部平台",
  allStates: "全部状态",
  refresh: "立即刷新",
  previousPage: "上一页",
  nextPage: "下一页",
  pageN: "第 {n} 页",
  noCases: "没有符合筛选条件的案例。",
  updatedAt: "列表时间 {time}",
  followHeading: "关注案例",
  followIntro: "输入案例编号(调用方的 case_ref)即可实时关注。编号只在此页面打开期间保留。",
  caseRef: "案例编号",
  follow: "关注",
  unfollow: "取消关注",
  unfollowRef: "取消关注 {ref}",
  followLimit: "同时最多关注 {n} 个案例。",
  followEmpty: "请输入案例编号。",
  notRecorded: "尚未记录:出现后即显示。",
  watchReconnecting: "连接中断,正在重连…",
  watchEnded: "已终结:不会再变化。",
  caseId: "案例 ID",
  rule: "规则",
  category: "类别",
  outcome: "结论",
  created: "首次记录",
  updated: "最近记录",
  retryWindow: "重试窗口",
  earliest: "最早可重试",
  latest: "最晚应重试",
  opensIn: "{time}后开放",
  openSince: "自 {date} 起开放",
  countdownNote: "日期按 Asia/Shanghai(北京时间);倒计时按本机时钟。",
  basisImmediate: "按步骤处理后即可重试。",
  basisNatural: "按自然日计算(北京时间):{min}–{max} 天。",
  basisNaturalFixed: "按自然日计算(北京时间):{min} 天。",
  basisWorking: "按内地工作日计算:跳过周末和法定放假日,调休上班日计入。{min}–{max} 个工作日。",
  basisWorkingFixed: "按内地工作日计算:跳过周末和法定放假日,调休上班日计入。{min} 个工作日。",
  basisNotRetryable: "不申诉无法重试成功,或无论如何都无法成功。",
  anchorIssueDate: "自证件签发日期起算。",
  anchorOccurredAt: "自认证失败时起算。",
  calendarEstimated: "估算:窗口内某年份的放假安排尚未公布,周一至周五按工作日计算。",
  calendarPublished: "按已公布的放假安排计算。",
  steps: "处理步骤",
  stepsOfRule: "此规则的处理步骤(案例不保存失败提示,因此显示规则本身的步骤)",
  stepsUnavailable: "无法加载此规则的处理步骤。",
  appeal: "申诉",
  appealChannels: "申诉渠道(按优先顺序)",
  materials: "需准备的材料",
  notes: "材料要求",
  channelAddress: "渠道位置",
  channelSubject: "标题格式",
  channelWhen: "适用情形",
  channelMaterials: "此渠道要求",
  noAppeal: "没有列出申诉渠道。",
  diagnoseHeading: "诊断",
  diagnoseIntro: "预览用户在认证失败时会看到的内容。不会记录任何案例:预览不发送案例编号。",
  platform: "平台",
  code: "错误码(可选)",
  message: "失败提示(用户看到的原文)",
  locale: "回答语言",
  documentLegend: "证件(可选)",
  documentType: "证件类型",
  documentNumber: "证件号码",
  holderName: "证件姓名",
  holderNameEn: "英文姓名",
  issueDate: "签发日期",
  expiryDate: "有效期至",
  longTerm: "长期有效",
  subjectLegend: "认证主体(可选)",
  subjectType: "主体类型",
  region: "所属区域",
  accountsHeld: "已持有账号数",
  notGiven: "未填写",
  submitDiagnose: "诊断",
  diagnosing: "诊断中…",
  previewHeading: "用户看到的内容",
  summary: "问题原因",
  findings: "证件检查",
  noFindings: "证件检查未发现问题。",
  alternatives: "也可能是",
  accountLimit: "账号数量限制",
  accountLimitOptions: "用户可以",
  opsDetails: "运营信息",
  confidence: "置信度",
  matchKind: "匹配方式",
  source: "来源",
  catalogVersion: "规则库版本",
  correction: "第 {position} 位:“{found}”可能应为“{replacement}”。",
  fieldErrors: "请修改标出的字段。",
  catalogHeading: "规则库",
  catalogIntro: "各平台的失败规则,附平台原始提示和每条规则的出处。",
  searchRules: "搜索规则",
  searchPlaceholder: "标题、提示、错误码或规则 ID",
  rulesCount: "显示 {shown} / 共 {total} 条规则",
  verificationMethod: "认证方式",
  reviewTime: "审核时长",
  accountLimits: "账号数量限制",
  uploadLimits: "上传限制",
  uploadLimit: "{channel}:{min}–{max},{formats}{color}",
  colorRequired: ",须为彩色",
  knownMessages: "已知提示",
  codes: "错误码",
  defaultEscalation: "默认申诉方式",
  sourceRef: "{document} § {section}",
  keyDialogTitle: "需要 API 密钥",
  keyDialogText: "此服务器要求 API 密钥。密钥只保存在本次浏览器会话中(sessionStorage),并随每次调用发送。",
  keyRejected: "该密钥未被接受,请输入其他密钥。",
  keyLabel: "API 密钥",
  keySubmit: "使用此密钥",
  keyCancel: "取消",
  keyForget: "清除密钥",
  keyInvalid: "密钥应为一行可见的 ASCII 字符。",
  keyMissing: "调用此服务器需要 API 密钥。",
  permissionDenied: "您的 API 密钥没有{what}所需的角色。请向管理员申请具有该角色的密钥。",
  callFailed: "无法{what}:{message}",
  whatList: "列出案例",
  whatWatch: "关注案例",
  whatDiagnose: "诊断",
  whatCatalog: "读取规则库",
  noScript: "此页面需要 JavaScript。",
};

const tables: Record<Lang, Messages> = { en, "zh-CN": zh };

// Labels of the contract's enums, by the generated enum's member name.
type EnumLabels = Record<string, Record<string, string>>;
const enumsEn: EnumLabels = {
  state: { ACTION_REQUIRED: "Action required", WAITING: "Waiting", READY_TO_RETRY: "Ready to retry", FINAL: "Final", UNKNOWN: "Unknown" },
  outcome: {
    FIX_AND_RETRY: "Fix and retry",
    WAIT_THEN_RETRY: "Wait, then retry",
    CHANGE_DOCUMENT_OR_SUBJECT: "Change document or subject",
    APPEAL: "Appeal",
    FINAL: "Final",
    UNKNOWN: "Unknown",
  },
  category: {
    IDENTITY_MISMATCH: "Identity mismatch",
    FACE_MISMATCH: "Face mismatch",
    DOCUMENT_IMAGE: "Document image",
    DOCUMENT_INVALID: "Document not acceptable",
    DATA_SYNC: "Records not synced yet",
    ACCOUNT_LIMIT: "Account limit",
    SUBJECT_BARRED: "Subject barred",
    REGION: "Region",
    CONTACT_INFO: "Contact details",
    DOMAIN_NAME: "Domain name",
    SPECIAL_SUBJECT: "Special subject",
    UPLOAD: "Upload",
    CLIENT_APP: "App or page",
    OTHER: "Other",
  },
  matchKind: { CODE: "Error code", EXACT: "Exact message", CONTAINS: "Message contains", FUZZY: "Similar message", NONE: "No match" },
  channelKind: {
    ONLINE_FEEDBACK: "Online feedback",
    CUSTOMER_SERVICE: "Customer service",
    EMAIL: "Email",
    TICKET: "Ticket",
    EXTERNAL: "Outside body",
  },
  severity: { INFO: "Info", WARNING: "Warning", ERROR: "Error" },
  documentType: {
    UNSPECIFIED: "Not given",
    RESIDENT_ID_CARD: "Resident ID card",
    TEMPORARY_ID_CARD: "Temporary ID card",
    PASSPORT: "Passport",
    HK_MACAO_TRAVEL_PERMIT: "HK/Macao travel permit",
    TAIWAN_TRAVEL_PERMIT: "Taiwan travel permit",
    HMT_RESIDENCE_PERMIT: "HK/Macao/Taiwan residence permit",
    FOREIGN_PERMANENT_RESIDENCE_CARD: "Foreign permanent residence card",
    HOUSEHOLD_REGISTER: "Household register",
    BUSINESS_LICENSE: "Business licence",
    USCC_CERTIFICATE: "Unified social credit code certificate",
    ORGANIZATION_CODE_CERTIFICATE: "Organisation code certificate",
    MILITARY_UNIT_DOCUMENT: "Military unit document",
    OVERSEAS_ORGANIZATION_CERTIFICATE: "Overseas organisation certificate",
    OTHER: "Other",
  },
  subjectType: { UNSPECIFIED: "Not given", PERSON: "Person", ORGANIZATION: "Organisation" },
  region: { UNSPECIFIED: "Not given", MAINLAND: "Mainland China", HONG_KONG: "Hong Kong", MACAO: "Macao", TAIWAN: "Taiwan", OVERSEAS: "Overseas" },
  limitState: { NOT_EVALUATED: "Not evaluated", WITHIN: "Within the limit", REACHED: "Limit reached" },
  uploadChannel: { UNSPECIFIED: "Any channel", CONSOLE: "Console or app", API: "API" },
};
const enumsZh: EnumLabels = {
  state: { ACTION_REQUIRED: "需要处理", WAITING: "等待中", READY_TO_RETRY: "可以重试", FINAL: "已终结", UNKNOWN: "未知" },
  outcome: {
    FIX_AND_RETRY: "修正后重试",
    WAIT_THEN_RETRY: "等待后重试",
    CHANGE_DOCUMENT_OR_SUBJECT: "更换证件或主体",
    APPEAL: "申诉",
    FINAL: "无法通过",
    UNKNOWN: "未知",
  },
  category: {
    IDENTITY_MISMATCH: "身份信息不符",
    FACE_MISMATCH: "人脸不符",
    DOCUMENT_IMAGE: "证件图片",
    DOCUMENT_INVALID: "证件不可用",
    DATA_SYNC: "数据尚未同步",
    ACCOUNT_LIMIT: "账号数量限制",
    SUBJECT_BARRED: "主体受限",
    REGION: "区域",
    CONTACT_INFO: "联系信息",
    DOMAIN_NAME: "域名",
    SPECIAL_SUBJECT: "特殊主体",
    UPLOAD: "上传",
    CLIENT_APP: "客户端或页面",
    OTHER: "其他",
  },
  matchKind: { CODE: "错误码", EXACT: "提示完全一致", CONTAINS: "提示包含", FUZZY: "提示相似", NONE: "未匹配" },
  channelKind: { ONLINE_FEEDBACK: "线上反馈", CUSTOMER_SERVICE: "在线客服", EMAIL: "邮件", TICKET: "工单", EXTERNAL: "外部机构" },
  severity: { INFO: "提示", WARNING: "警告", ERROR: "错误" },
  documentType: {
    UNSPECIFIED: "未填写",
    RESIDENT_ID_CARD: "居民身份证",
    TEMPORARY_ID_CARD: "临时居民身份证",
    PASSPORT: "护照",
    HK_MACAO_TRAVEL_PERMIT: "港澳居民来往内地通行证",
    TAIWAN_TRAVEL_PERMIT: "台湾居民来往大陆通行证",
    HMT_RESIDENCE_PERMIT: "港澳台居民居住证",
    FOREIGN_PERMANENT_RESIDENCE_CARD: "外国人永久居留身份证",
    HOUSEHOLD_REGISTER: "户口簿",
    BUSINESS_LICENSE: "营业执照",
    USCC_CERTIFICATE: "统一社会信用代码证书",
    ORGANIZATION_CODE_CERTIFICATE: "组织机构代码证",
    MILITARY_UNIT_DOCUMENT: "部队代号或军队证件",
    OVERSEAS_ORGANIZATION_CERTIFICATE: "境外机构证件",
    OTHER: "其他",
  },
  subjectType: { UNSPECIFIED: "未填写", PERSON: "个人", ORGANIZATION: "企业/组织" },
  region: { UNSPECIFIED: "未填写", MAINLAND: "中国内地", HONG_KONG: "中国香港", MACAO: "中国澳门", TAIWAN: "中国台湾", OVERSEAS: "海外" },
  limitState: { NOT_EVALUATED: "未评估", WITHIN: "未超限", REACHED: "已达上限" },
  uploadChannel: { UNSPECIFIED: "任意渠道", CONSOLE: "控制台或 App", API: "API" },
};
const enumTables: Record<Lang, EnumLabels> = { en: enumsEn, "zh-CN": enumsZh };

const storageKey = "realname-dashboard.lang";
let current: Lang = initialLang();
const listeners = new Set<() => void>();

function initialLang(): Lang {
  const saved = localStorage.getItem(storageKey);
  if (saved === "en" || saved === "zh-CN") return saved;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** The page's language. */
export function lang(): Lang {
  return current;
}

/** Switches the language (remembered in localStorage: it is a preference, not a secret). */
export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

/** Calls `listener` after every language switch. */
export function onLangChange(listener: () => void): void {
  listeners.add(listener);
}

/**
 * Runs `render` with the texts of `language` and restores the page's language after (for the
 * diagnosis preview, which shows the answer in the answer's language). `render` must be synchronous.
 */
export function inLang<T>(language: Lang, render: () => T): T {
  const page = current;
  current = language;
  try {
    return render();
  } finally {
    current = page;
  }
}

/** A text of the page, with `{name}` placeholders filled from `vars`. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return tables[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * The label of an enum value: `enumLabel("state", VerificationState, s)`. Falls back to the
 * member's name for values this page does not know yet (the contract may add some).
 */
export function enumLabel(kind: string, enumObject: Record<number, string>, value: number): string {
  const name = enumObject[value] ?? String(value);
  return enumTables[current][kind]?.[name] ?? name;
}
