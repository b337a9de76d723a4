// The report's language, chosen as the cockpit chooses its own: --lang, else the operator's
// locale (LC_ALL, LC_MESSAGES, LANG: "ru…" or "en…"). A locale that names neither (C.UTF-8,
// POSIX, unset) leaves the plan's language, since the report quotes the plan's text.
export type ReportLang = 'en' | 'ru';

export function pickReportLang(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  planLanguage: string,
): ReportLang {
  const named = (value: string | undefined): ReportLang | null => {
    const lower = (value ?? '').toLowerCase();
    if (lower.startsWith('ru')) return 'ru';
    if (lower.startsWith('en')) return 'en';
    return null;
  };
  if (flag) return named(flag) ?? 'en';
  return named(env.LC_ALL || env.LC_MESSAGES || env.LANG) ?? named(planLanguage) ?? 'en';
}
