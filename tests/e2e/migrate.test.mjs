// migrate.test.mjs - "observa migrate" copies the demo mission from a
// SQLite file into an empty PostgreSQL database, after which every
// command answers there as it did on the file; a database that holds data
// is refused.  PostgreSQL only (make e2e-pg).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ok, run, tempDir, freshDb, onPostgres } from './lib.mjs';

const skip = onPostgres ? false
  : 'PostgreSQL only: copies into a PostgreSQL database (make e2e-pg runs it)';

test('the demo moved from SQLite to PostgreSQL answers the same', { skip }, () => {
  const dir = tempDir();
  const file = `sqlite:${join(dir, 'demo.db')}`;
  ok(['demo', '--no-serve', '--db', file]);
  const pg = freshDb(dir);
  const moved = ok(['migrate', '--from', file, '--to', pg]);
  assert.match(moved.stdout, /^copied \d+ rows from /);
  assert.match(moved.stderr, /submission: \d+ rows/);
  const M = ['--mission', 'kz-2023'];
  for (const args of [
    ['observer', 'list', ...M, '--format', 'json'],
    ['location', 'list', ...M, '--format', 'json'],
    ['submission', 'list', ...M, '--all-versions', '--format', 'json'],
    ['conflict', 'list', ...M, '--format', 'json'],
    ['analyze', 'coverage', ...M, '--format', 'json'],
    ['analyze', 'findings', ...M, '--format', 'json'],
    ['report', 'statement', ...M, '--format', 'md'],
    ['audit', ...M, '--limit', '200'],
    ['export', 'submissions', ...M],
  ]) {
    // The statement names the minute it was made, which may turn between
    // the two runs.
    const made = (text) => text.replace(/Figures as of \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, 'Figures as of (now)');
    assert.equal(made(ok([...args, '--db', pg]).stdout), made(ok([...args, '--db', file]).stdout), args.join(' '));
  }
  // New rows get keys after the copied ones.
  ok(['mission', 'create', 'kg-2025', '--db', pg, '--name', 'Kyrgyzstan 2025',
    '--election-type', 'parliament', '--election-date', '2025-11-30', '--country', 'KG']);
  // Into a database that holds data: refused, nothing written.
  const again = run(['migrate', '--from', file, '--to', pg]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already holds data \(table mission has 2 rows\)/);
  assert.equal(JSON.parse(ok(['mission', 'list', '--format', 'json', '--db', pg]).stdout).length, 2);
});
