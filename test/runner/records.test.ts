// The step lock is found in /proc/locks by the lock file's device and inode: an inode number
// alone recurs on every other file system.
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { deviceOf, isStepLockHeld, parseProcLocks } from '../../src/runner/records.js';
import { tempDir } from './util.js';

function lockFile(): { dir: string; device: string; inode: string } {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'step.lock'), '');
  const stat = statSync(path.join(dir, 'step.lock'), { bigint: true });
  return { dir, device: deviceOf(stat.dev), inode: String(stat.ino) };
}

function table(line: string): string {
  const file = path.join(tempDir(), 'locks');
  writeFileSync(file, `1: POSIX  ADVISORY  WRITE 99 00:01:1 0 EOF\n${line}\n`);
  return file;
}

it('encodes st_dev the way /proc/locks prints it (hex major:minor)', () => {
  expect(deviceOf(0xfe00n)).toBe('fe:0');
  expect(deviceOf(0x0803n)).toBe('8:3');
  // Majors above 0xfff and minors above 0xff use glibc makedev's high bits.
  const makedev = (major: bigint, minor: bigint) =>
    ((major & 0xfffn) << 8n) | ((major & ~0xfffn) << 32n) | (minor & 0xffn) | ((minor & ~0xffn) << 12n);
  expect(deviceOf(makedev(0x1234n, 0x567n))).toBe('1234:567');
  const [lock] = parseProcLocks('3: FLOCK  ADVISORY  WRITE 4242 fe:00:2146514 0 EOF\n');
  expect(lock).toEqual({ kind: 'FLOCK', pid: 4242, device: 'fe:0', inode: '2146514' });
});

it('counts a lock only on the same device and inode', () => {
  const { dir, device, inode } = lockFile();
  const [major, minor] = device.split(':').map((n) => Number.parseInt(n, 16).toString(16).padStart(2, '0'));
  expect(isStepLockHeld(dir, table(`2: FLOCK  ADVISORY  WRITE 7 ${major}:${minor}:${inode} 0 EOF`))).toBe(
    true,
  );
  // The same inode number on another file system is someone else's file.
  const other = `${(Number.parseInt(major ?? '0', 16) + 1).toString(16).padStart(2, '0')}:${minor}`;
  expect(isStepLockHeld(dir, table(`2: FLOCK  ADVISORY  WRITE 7 ${other}:${inode} 0 EOF`))).toBe(false);
  // A POSIX lock, or a blocked waiter, is not the step lock being held.
  expect(isStepLockHeld(dir, table(`2: POSIX  ADVISORY  WRITE 7 ${major}:${minor}:${inode} 0 EOF`))).toBe(
    false,
  );
  expect(isStepLockHeld(dir, table(`2: -> FLOCK  ADVISORY  WRITE 7 ${major}:${minor}:${inode} 0 EOF`))).toBe(
    false,
  );
});
