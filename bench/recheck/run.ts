/**
 * Full re-check benchmark (issue 5): a generated province of N members (default 1,000,000) imported into a
 * fresh PostgreSQL database, then the full re-check job (organizations, members in id-ordered chunks with
 * its persisted cursor, cross-record rules incl. the duplicate-person matching), against
 * `COPY (SELECT * FROM members) TO '/dev/null'` of the same table in the same run.
 *
 *   npx tsx bench/recheck/run.ts [--members 1000000] [--admin-url postgres://…/postgres] [--keep] [--judge-workers N]
 *
 * Prints records/s and the ratio re-check / COPY (target ≤ 2), for the first check (every finding written,
 * safe fixes applied), for a second, steady-state check (nothing changed), and for a third with every member judged
 * again (check states forgotten, as after a change of rules or settings). --keep leaves the database
 * for bench/recheck-incremental (its name is printed).
 */
import { parseArgs } from 'node:util';
import { runRecheck } from '../../src/app/quality/recheck-job.ts';
import { insertQualityRun } from '../../src/db/repos/findings.ts';
import { startCpuCount } from '../cpu.ts';
import { prepareDatabase, psql, seconds } from './prepare.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    'admin-url': {
      type: 'string',
      default: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    keep: { type: 'boolean', default: false },
    /** Worker threads judging the members (default: the re-check's own, every core but two). */
    'judge-workers': { type: 'string' },
    reuse: { type: 'string' },
  },
});
const members = Number(values.members);
const bench = await prepareDatabase({ members, adminUrl: values['admin-url'], reuse: values.reuse });
const { handle } = bench;

const copyOnce = () => {
  const started = performance.now();
  psql(bench.url, `\\copy (SELECT * FROM members) TO '/dev/null'`);
  return seconds(started);
};
copyOnce(); // warm the cache: both measurements read a cached table
const copySeconds = copyOnce();
const stored = Number(psql(bench.url, 'SELECT count(*) FROM members').trim());
console.log(`COPY (SELECT * FROM members) TO /dev/null: ${copySeconds.toFixed(2)} s (${stored} rows)`);

async function timedRun(label: string, applySafeFixes: boolean) {
  const id = await insertQualityRun(handle.db, { provinceCode: null, applySafeFixes, requestedBy: null });
  const cpuCount = await startCpuCount(handle.db);
  const started = performance.now();
  let last = 0;
  const stepSeconds: Record<string, number> = {};
  const run = await runRecheck(handle.db, id, {
    stepSeconds,
    ...(values['judge-workers'] === undefined ? {} : { judgeWorkers: Number(values['judge-workers']) }),
    onProgress: (r) => {
      if (performance.now() - last > 10_000) {
        last = performance.now();
        console.log(`  ${label}: ${r.phase} ${r.done}/${r.total} (${seconds(started).toFixed(0)} s)`);
      }
    },
  });
  const s = seconds(started);
  const cpu = await cpuCount();
  const findings = psql(bench.url, 'SELECT count(*) FROM findings').trim();
  console.log(
    `${label}: ${s.toFixed(1)} s, ${Math.round(stored / s)} records/s, ratio to COPY ${(s / copySeconds).toFixed(2)} ` +
      `(status ${run.status}, findings stored ${findings})`,
  );
  // Where the time went: member-phase steps (states: which members changed; read: their rows; judge: the rules
  // in this process; fixes / findings / checkStates: the writes), then the organization and cross-record phases.
  const shown = Object.entries(stepSeconds).filter(([, secs]) => secs >= 0.05);
  console.log(`  steps: ${shown.map(([step, secs]) => `${step} ${secs.toFixed(1)} s`).join(', ')}`);
  console.log(`  CPU: this process ${cpu.process.toFixed(1)} s, database server ${cpu.server.toFixed(1)} s`);
  return s;
}

await timedRun('first full check (writes every finding, applies safe fixes)', true);
const copyAfter = copyOnce();
console.log(`COPY again (after fixes): ${copyAfter.toFixed(2)} s`);
await timedRun('steady-state full re-check (nothing changed)', false);
// Every member judged again, as after a change of the rules or the settings (their check states forgotten): the
// rules run over the whole province, and the findings they produce are those already stored.
psql(bench.url, 'DELETE FROM member_checks');
await timedRun('re-check judging every member again (check states forgotten; findings unchanged)', false);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
if (values.keep) {
  await handle.close();
  console.log(`kept database ${bench.name}`);
} else {
  await bench.drop();
}
