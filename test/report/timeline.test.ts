// The report's timeline: the same model as the header, as JSON and as a Mermaid gantt block.
// The block is compared with a reviewed fixture and read back with Mermaid's own gantt grammar
// (the parser and database of the mermaid package; no network).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ganttSection, ganttText } from '../../src/report/gantt.js';
import { timelineReport } from '../../src/report/timeline.js';
import { buildSchedule } from '../../src/schedule/eta.js';
import { mermaidBlock, parseGantt } from '../helpers/mermaid-gantt.js';
import { durations, NOW, plan, runState } from '../schedule/scenario.js';

const pad = (n: number) => String(n).padStart(2, '0');
const wall = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
// Under test/fixtures: reviewed as written, the formatter leaves it alone.
const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'timeline.gantt.md');

function timeline() {
  const model = buildSchedule({ plan, state: runState(), now: NOW, durations });
  return timelineReport(model, { basis: 'digest', runs: ['rehearsal-1', 'rehearsal-2', 'rehearsal-3'] });
}

describe('timeline', () => {
  it('the JSON carries expected and actual per step', () => {
    const report = timeline();
    expect(report.t0).toBe('2026-12-01T22:00:00+03:00');
    expect(report.behindMs).toBe(18 * 60_000);
    expect(report.steps.find((step) => step.id === 'migrate')).toEqual({
      id: 'migrate',
      phase: 'release',
      title: 'section: migrate; now',
      status: 'running',
      expected: {
        start: '2026-12-01T22:40:00+03:00',
        end: '2026-12-01T23:05:00+03:00',
        p50Ms: 25 * 60_000,
        p90Ms: 30 * 60_000,
        samples: 3,
      },
      actual: { start: '2026-12-01T22:58:00+03:00', end: null },
      overP90: false,
    });
    // No earlier run of the note: nothing expected, but what happened is there.
    expect(report.steps.find((step) => step.id === 'announce')).toMatchObject({
      expected: null,
      actual: { start: '2026-11-29T22:00:00+03:00' },
    });
  });

  it('the gantt block matches its reviewed fixture and parses with Mermaid’s grammar', async () => {
    const markdown = ganttSection(timeline(), plan.phases, 'en').join('\n');
    if (process.env.UPDATE_SNAPSHOTS) fs.writeFileSync(FIXTURE, markdown);
    expect(markdown).toBe(fs.readFileSync(FIXTURE, 'utf8'));
    const tasks = await parseGantt(mermaidBlock(markdown));
    // Every bar we wrote, in order, with its section, its times and its tags.
    expect(tasks.map((task) => `${task.section} | ${task.task}`)).toEqual([
      'Preparation | actual announce Announce',
      'Release day | expected freeze Freeze',
      'Release day | actual freeze Freeze',
      'Release day | expected backup Backup db',
      'Release day | actual backup Backup db',
      'Release day | expected migrate section migrate now',
      'Release day | actual migrate section migrate now',
      'Release day | expected check Check',
    ]);
    const migrate = tasks.filter((task) => task.task.endsWith('section migrate now'));
    // Mermaid reads the times on the reader's clock; they are T0's wall clock (+03:00).
    expect(migrate.map((task) => [wall(task.startTime), wall(task.endTime)])).toEqual([
      ['2026-12-01 22:40', '2026-12-01 23:05'],
      ['2026-12-01 22:58', '2026-12-01 23:12'],
    ]);
    expect(tasks.every((task) => task.endTime.getTime() >= task.startTime.getTime())).toBe(true);
    const freeze = tasks.find((task) => task.task === 'actual freeze Freeze');
    expect(freeze && [wall(freeze.startTime), wall(freeze.endTime)]).toEqual([
      '2026-12-01 20:05',
      '2026-12-01 20:20',
    ]);
    expect(migrate[1]).toMatchObject({ active: true, done: false });
    expect(tasks.find((task) => task.task === 'actual backup Backup db')).toMatchObject({
      done: true,
      crit: false,
    });
  });

  it('a failed step is crit; Russian words; texts lose what Mermaid would misread', async () => {
    const state = runState();
    state.steps.migrate = { ...state.steps.migrate!, status: 'failed', endedAt: '2026-12-01T20:00:00.000Z' };
    const model = buildSchedule({ plan, state, now: NOW, durations });
    const markdown = ganttSection(
      timelineReport(model, { basis: 'id', runs: ['r'] }),
      plan.phases,
      'ru',
    ).join('\n');
    expect(markdown).toContain('## Хронология');
    const tasks = await parseGantt(mermaidBlock(markdown));
    expect(tasks.find((task) => task.task === 'факт migrate section migrate now')).toMatchObject({
      crit: true,
      done: true,
    });
    expect(ganttText('a: b # c; d\ne')).toBe('a b c d e');
  });

  it('Mermaid’s grammar does reject a broken block (the check can fail)', async () => {
    await expect(
      parseGantt('gantt\n    dateFormat YYYY-MM-DD\n    section A\n    x :2026-13-45, 1d\n'),
    ).rejects.toThrow(/Invalid date/);
  });
});
