// The tech lead's sign-off from their own terminal reaches the release manager's cockpit in a
// real pty: the writer's screen shows the step waiting (⚑, who may sign), then — without a key
// — who signed. Two real Unix users (useradd), the cockpit in tmux as one of them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { killAllTerminals, Terminal } from '../e2e/tmux.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { describeWhere, tmuxMissing } from '../helpers/tools.js';
import { asUser, createTeam, type TeamUsers, usersUnavailable } from '../helpers/unix-users.js';

const PLAN = path.join(import.meta.dirname, 'fixtures', 'signoff.yaml');

describeWhere(usersUnavailable() ?? tmuxMissing())('sign-off seen on the writer’s screen', () => {
  let team: TeamUsers;
  let rm: string;
  let tl: string;
  beforeAll(() => {
    team = createTeam(['rm', 'tl']);
    [rm, tl] = team.users as [string, string];
    fs.writeFileSync(
      path.join(team.stateDir, 'team.yaml'),
      `members:\n  ${rm}: [release-manager]\n  ${tl}: [tech-lead]\n`,
      {
        mode: 0o644,
      },
    );
  });
  afterEach(async () => {
    await killAllTerminals();
  });
  afterAll(() => team?.cleanup());

  /** The cockpit on `run` in a terminal of its own, as `user`. */
  const cockpitAs = (user: string, run: string) =>
    Terminal.start({
      cols: 100,
      rows: 30,
      cwd: ROOT,
      argv: [
        'runuser',
        '-u',
        user,
        '--',
        process.execPath,
        CLI,
        '--state-dir',
        team.stateDir,
        '--lang',
        'en',
      ].concat([PLAN, '--run', run]),
      env: { HOME: team.stateDir, LANG: 'C.UTF-8' },
    });

  it('the step waits with ⚑ and who may sign; the tech lead signs elsewhere; the screen says who signed', async () => {
    const term = cockpitAs(rm, 'screen');
    const waiting = await term.waitForText(`sign-off by tech-lead (${tl})`, 30_000);
    expect(waiting).toContain('⚑');
    expect(waiting).toContain('● lock held');

    const given = asUser(tl, [
      process.execPath,
      CLI,
      '--state-dir',
      team.stateDir,
      'signoff',
      PLAN,
      '--run',
      'screen',
      'go-no-go',
    ]);
    expect(given.stderr).toBe('');
    expect(given.code).toBe(0);
    expect(given.stdout).toContain(`signed off by ${tl} as tech-lead`);
    // No key is pressed: the writer's session journals the inbox record and redraws.
    const signed = await term.waitForText(`signed off by ${tl} (tech-lead)`, 10_000);
    expect(signed).not.toContain(`sign-off by tech-lead (${tl})`);
  });

  it('the tech lead signs from the watch view with a, y; the writer’s screen says who signed', async () => {
    const writer = cockpitAs(rm, 'watch-key');
    await writer.waitForText(`sign-off by tech-lead (${tl})`, 30_000);
    const watch = cockpitAs(tl, 'watch-key');
    // A watch opens on the summary of the run so far; Enter goes on to the main screen.
    await watch.waitForText('Enter continue', 30_000);
    watch.sendKeys('Enter');
    const footer = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';
    const watching = await watch.waitForScreen(
      (screen) => footer(screen).includes('WATCH'),
      'the watch’s footer',
    );
    expect(watching).toContain(`watching — held by ${rm}`);
    expect(footer(watching)).toContain('a sign off');
    watch.sendKeys('a');
    await watch.waitForText('Sign “Go / no-go” off as tech-lead?');
    watch.sendKeys('y');
    await watch.waitForText('handed to the writer');
    await writer.waitForText(`signed off by ${tl} (tech-lead)`, 10_000);
    await watch.waitForText(`signed off by ${tl} (tech-lead)`, 10_000);
  });
});
