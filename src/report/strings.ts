// The Markdown report's words in English and Russian. The report quotes the plan's own text,
// so it is written in the plan's language unless `--lang` says otherwise; JSON stays neutral.
import type { ReleaseReport } from './types.js';

type Outcome = ReleaseReport['summary']['outcome'];

export interface ReportStrings {
  lang: 'en' | 'ru';
  status: Record<string, string>;
  outcome: Record<Outcome, string>;
  stepHeader: string[];
  title: (plan: string, run: string) => string;
  rowOutcome: string;
  finishedOf: (finished: number, total: number, counts: string) => string;
  rowPlan: string;
  planVersion: (id: string, version: string, path: string) => string;
  rowPlanSha: string;
  lastRecorded: (sha: string) => string;
  rowRunDir: string;
  rowRun: string;
  runLine: (created: string, by: string, last: string, span: string) => string;
  rowOperators: string;
  rowJournal: string;
  journalLine: (events: number, verified: boolean, head: string, file: string, at: string) => string;
  rowGenerated: string;
  generatedLine: (at: string, by: string) => string;
  log: (path: string, host: string | null, attempt: number) => string;
  missingOnDisk: string;
  bytes: (n: number) => string;
  empty: string;
  lastLines: (n: number) => string;
  skipped: (reason: string) => string;
  doneByHand: string;
  answered: (file: string, what: string) => string;
  commandChanged: string;
  checklist: (confirmed: number, total: number, wholeDone: boolean) => string;
  attempts: string;
  attemptBy: (at: string, by: string) => string;
  noExitCode: string;
  /** A host of a multi-host step where the command never started. */
  neverStarted: string;
  exit: (code: number | string) => string;
  signal: (name: string) => string;
  timedOut: string;
  stoppedWith: (signals: string) => string;
  polls: (n: number) => string;
  resolved: (how: string) => string;
  note: (by: string, at: string) => string;
  message: (at: string, path: string, sha: string, sent: string) => string;
  sent: (code: string) => string;
  notSent: string;
  rollback: string;
  noRollbackPath: string;
  rollbackDecided: (by: string, at: string, criterion: string, text: string) => string;
  noRollbackDecided: string;
  criteria: string;
  planChanges: string;
  added: (ids: string) => string;
  removed: (ids: string) => string;
  changed: (ids: string) => string;
  commandChangedAfter: string;
  noStepChanged: string;
  removedSteps: string;
  remoteHosts: string;
  remoteLeft: (dir: string, hosts: string) => string;
  remotePruned: (hosts: string) => string;
  notes: string;
  variables: string;
  nameValue: string;
  artifacts: string;
  notInRun: string;
}

const en: ReportStrings = {
  lang: 'en',
  status: {
    succeeded: '✅ succeeded',
    done: '✅ done',
    skipped: '⏭️ skipped',
    failed: '❌ failed',
    unknown: '❓ unknown',
    cancelled: '⏹️ cancelled',
    running: '▶️ running',
    pending: '⏳ pending',
  },
  outcome: {
    completed: 'completed',
    'in progress': 'in progress',
    failed: 'failed',
    'rolled back': 'rolled back',
  },
  stepHeader: ['Step', 'Title', 'Kind', 'Status', 'Who', 'Started', 'Ended', 'Duration', 'Attempts', 'Exit'],
  title: (plan, run) => `Release report: ${plan} — run ${run}`,
  rowOutcome: 'Outcome',
  finishedOf: (finished, total, counts) => `${finished} of ${total} steps finished (${counts})`,
  rowPlan: 'Plan',
  planVersion: (id, version, path) => `${id} version ${version}, ${path}`,
  rowPlanSha: 'Plan sha256',
  lastRecorded: (sha) => ` (the run last recorded ${sha})`,
  rowRunDir: 'Run directory',
  rowRun: 'Run',
  runLine: (created, by, last, span) => `created ${created} by ${by}; last event ${last}; span ${span}`,
  rowOperators: 'Operators',
  rowJournal: 'Journal',
  journalLine: (events, verified, head, file, at) =>
    `${file}: ${events} events, ${verified ? `hash chain verified ✅ at ${at}` : `hash chain NOT verified ❌ at ${at} (torn last line pending repair)`}; head sha256 ${head}`,
  rowGenerated: 'Generated',
  generatedLine: (at, by) => `${at} by ${by}`,
  log: (path, host, attempt) => `Log ${path}${host ? ` (host ${host})` : ''}, attempt ${attempt}`,
  missingOnDisk: '*missing on disk*',
  bytes: (n) => `${n} bytes`,
  empty: '*empty*',
  lastLines: (n) => (n === 1 ? 'last line' : `last ${n} lines`),
  skipped: (reason) => `Skipped: ${reason}`,
  doneByHand: 'Done by hand, not run: marked done without an attempt (see the note)',
  answered: (file, what) => `Answered by the answers file ${file} (${what}) in a headless run`,
  commandChanged: '⚠️ The plan changed this step’s command after it ran.',
  checklist: (confirmed, total, wholeDone) =>
    `Checklist: ${confirmed} of ${total} items confirmed${wholeDone ? ' (then marked done as a whole)' : ''}`,
  attempts: 'Attempts:',
  attemptBy: (at, by) => `${at} by ${by}`,
  noExitCode: 'no exit code',
  neverStarted: 'never started',
  exit: (code) => `exit ${code}`,
  signal: (name) => `signal ${name}`,
  timedOut: 'timed out',
  stoppedWith: (signals) => `stopped with ${signals}`,
  polls: (n) => `${n} polls`,
  resolved: (how) => `outcome unknown, resolved: ${how}`,
  note: (by, at) => `Note (${by}, ${at})`,
  message: (at, path, sha, sent) => `Message rendered ${at} (${path}, sha256 ${sha}…), ${sent}`,
  sent: (code) => `sent, exit ${code}`,
  notSent: 'not sent by the cockpit',
  rollback: 'Rollback',
  noRollbackPath: 'The plan has no rollback path.',
  rollbackDecided: (by, at, criterion, text) =>
    `**Rollback decided** by ${by} at ${at} — criterion ${criterion}: ${text}`,
  noRollbackDecided: 'No rollback was decided.',
  criteria: 'Criteria:',
  planChanges: 'Plan changes during the run',
  added: (ids) => `added ${ids}`,
  removed: (ids) => `removed ${ids}`,
  changed: (ids) => `changed ${ids}`,
  commandChangedAfter: ' (command changed after it ran)',
  noStepChanged: 'no step changed',
  removedSteps: 'Steps removed from the plan (history kept)',
  remoteHosts: 'On the hosts',
  remoteLeft: (dir, hosts) =>
    `The attempts' directories stay under ~/.local/state/release-cockpit/attempts/${dir}/ on ${hosts} (\`release-cockpit prune\` removes them).`,
  remotePruned: (hosts) => `Removed by prune on ${hosts}.`,
  notes: 'Notes',
  variables: 'Variables',
  nameValue: '| Name | Value |',
  artifacts: 'Artifacts',
  notInRun: 'not in the run',
};

const ru: ReportStrings = {
  lang: 'ru',
  status: {
    succeeded: '✅ успешно',
    done: '✅ выполнен',
    skipped: '⏭️ пропущен',
    failed: '❌ ошибка',
    unknown: '❓ исход неизвестен',
    cancelled: '⏹️ отменён',
    running: '▶️ выполняется',
    pending: '⏳ ожидает',
  },
  outcome: { completed: 'завершён', 'in progress': 'идёт', failed: 'ошибка', 'rolled back': 'откачен' },
  stepHeader: [
    'Шаг',
    'Название',
    'Тип',
    'Статус',
    'Кто',
    'Начат',
    'Завершён',
    'Длительность',
    'Попытки',
    'Код',
  ],
  title: (plan, run) => `Отчёт о релизе: ${plan} — прогон ${run}`,
  rowOutcome: 'Итог',
  finishedOf: (finished, total, counts) => `завершено шагов: ${finished} из ${total} (${counts})`,
  rowPlan: 'План',
  planVersion: (id, version, path) => `${id} версии ${version}, ${path}`,
  rowPlanSha: 'sha256 плана',
  lastRecorded: (sha) => ` (в прогоне последним записан ${sha})`,
  rowRunDir: 'Каталог прогона',
  rowRun: 'Прогон',
  runLine: (created, by, last, span) =>
    `создан ${created}, ${by}; последнее событие ${last}; длительность ${span}`,
  rowOperators: 'Операторы',
  rowJournal: 'Журнал',
  journalLine: (events, verified, head, file, at) =>
    `${file}: событий ${events}, ${verified ? `цепочка хешей проверена ✅ ${at}` : `цепочка хешей НЕ проверена ❌ ${at} (оборванная последняя строка ждёт починки)`}; sha256 последней записи ${head}`,
  rowGenerated: 'Сформирован',
  generatedLine: (at, by) => `${at}, ${by}`,
  log: (path, host, attempt) => `Лог ${path}${host ? ` (хост ${host})` : ''}, попытка ${attempt}`,
  missingOnDisk: '*нет на диске*',
  bytes: (n) => `${n} байт`,
  empty: '*пуст*',
  lastLines: (n) => (n === 1 ? 'последняя строка' : `последние строки: ${n}`),
  skipped: (reason) => `Пропущен: ${reason}`,
  doneByHand: 'Выполнен вручную, не запускался: отмечен выполненным без попытки (см. заметку)',
  answered: (file, what) => `Ответ из файла ответов ${file} (${what}) в автономном прогоне`,
  commandChanged: '⚠️ План изменил команду этого шага после запуска.',
  checklist: (confirmed, total, wholeDone) =>
    `Чек-лист: подтверждено ${confirmed} из ${total}${wholeDone ? ' (затем шаг отмечен выполненным целиком)' : ''}`,
  attempts: 'Попытки:',
  attemptBy: (at, by) => `${at}, ${by}`,
  noExitCode: 'без кода выхода',
  neverStarted: 'не запускался',
  exit: (code) => `код ${code}`,
  signal: (name) => `сигнал ${name}`,
  timedOut: 'превышено время',
  stoppedWith: (signals) => `остановлен: ${signals}`,
  polls: (n) => `проверок: ${n}`,
  resolved: (how) => `исход был неизвестен, решение: ${how}`,
  note: (by, at) => `Заметка (${by}, ${at})`,
  message: (at, path, sha, sent) => `Сообщение подготовлено ${at} (${path}, sha256 ${sha}…), ${sent}`,
  sent: (code) => `отправлено, код ${code}`,
  notSent: 'не отправлялось из кокпита',
  rollback: 'Откат',
  noRollbackPath: 'В плане нет пути отката.',
  rollbackDecided: (by, at, criterion, text) =>
    `**Решение об откате** принял ${by} в ${at} — критерий ${criterion}: ${text}`,
  noRollbackDecided: 'Решения об откате не было.',
  criteria: 'Критерии:',
  planChanges: 'Изменения плана во время прогона',
  added: (ids) => `добавлены ${ids}`,
  removed: (ids) => `удалены ${ids}`,
  changed: (ids) => `изменены ${ids}`,
  commandChangedAfter: ' (команда изменена после запуска)',
  noStepChanged: 'шаги не изменились',
  removedSteps: 'Шаги, удалённые из плана (история сохранена)',
  remoteHosts: 'На хостах',
  remoteLeft: (dir, hosts) =>
    `Каталоги попыток остаются в ~/.local/state/release-cockpit/attempts/${dir}/ на ${hosts} (их удаляет \`release-cockpit prune\`).`,
  remotePruned: (hosts) => `Удалены командой prune на ${hosts}.`,
  notes: 'Заметки',
  variables: 'Переменные',
  nameValue: '| Имя | Значение |',
  artifacts: 'Артефакты',
  notInRun: 'нет в прогоне',
};

/** `--lang` when given, else the plan's language: the report quotes the plan's text. */
export function reportStrings(lang: string | undefined, planLanguage: string): ReportStrings {
  return (lang ?? planLanguage).toLowerCase().startsWith('ru') ? ru : en;
}
