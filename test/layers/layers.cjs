// The layers of src/, lowest first, as README.md's Architecture section draws them. A module
// may import its own layer and the layers below it, never one above (dependency-cruiser.cjs
// turns this list into rules; layers.test.ts checks it against the README).
// Layers on one line (runner, report) are siblings: neither imports the other.
module.exports = [
  { name: 'base', paths: ['src/errors\\.ts$', 'src/sys/'] },
  { name: 'plan', paths: ['src/plan/'] },
  { name: 'import', paths: ['src/import/'] },
  { name: 'journal', paths: ['src/journal/'] },
  { name: 'team', paths: ['src/team/'] },
  { name: 'schedule', paths: ['src/schedule/'] },
  { name: 'runner', paths: ['src/runner/'], level: 'runner|report' },
  { name: 'report', paths: ['src/report/'], level: 'runner|report' },
  { name: 'session', paths: ['src/session/'] },
  { name: 'ui', paths: ['src/ui/'] },
  { name: 'commands', paths: ['src/commands/'] },
  { name: 'cli', paths: ['src/cli\\.ts$'] },
];
