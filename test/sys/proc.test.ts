import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bootId, isSameProcessAlive, parseStartTime, processStartTime } from '../../src/sys/proc.js';

describe('process identity', () => {
  it('parses start time after the last ")" even when the name has spaces and parens', () => {
    const rest = Array.from({ length: 50 }, (_, i) => String(i + 3)).join(' ');
    expect(parseStartTime(`1234 (a) b (c)) ${rest}`)).toBe('22');
    expect(parseStartTime('garbage')).toBeNull();
  });

  it('knows this process and rejects a wrong start time, another boot, a dead pid', async () => {
    const start = processStartTime(process.pid);
    expect(start).toMatch(/^[0-9]+$/);
    expect(isSameProcessAlive(process.pid, start as string, bootId())).toBe(true);
    expect(isSameProcessAlive(process.pid, `${start}1`, bootId())).toBe(false);
    expect(isSameProcessAlive(process.pid, start as string, 'another-boot')).toBe(false);
    const child = spawn('true');
    const pid = child.pid as number;
    await new Promise((resolve) => child.on('exit', resolve));
    expect(processStartTime(pid)).toBeNull();
  });
});
