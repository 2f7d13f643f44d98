// Runs the clean pipeline on every sample of ../shared/samples and scores it with ../shared/tools/score.mjs.
// Exits non-zero when a sample falls below detection F1 0.98 or fix accuracy 0.99, so a regression shows.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanPackage } from '../src/app/quality/clean-package.ts';
import { loadCodeLists } from '../src/reference/load-reference.ts';

const SAMPLES = resolve('../shared/samples');
const SCORER = resolve('../shared/tools/score.mjs');
const REFERENCE_DATE = '2025-12-10';
const MIN_DETECTION_F1 = 0.98;
const MIN_FIX_ACCURACY = 0.99;
const MIN_RULE_F1 = 0.95;

interface RuleScore {
  rule: string;
  support: number;
  reported: number;
  f1: number;
}

/** Per-rule rows of the scorer's DETECTION table: rule, support, TP, FP, FN, precision, recall, F1. */
function parseRuleScores(report: string): RuleScore[] {
  const rows: RuleScore[] = [];
  for (const line of report.split('\n')) {
    const m =
      /^([A-Z_]+)(?: \(not in catalogue\))?\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)$/.exec(
        line.trim(),
      );
    if (m)
      rows.push({
        rule: m[1]!,
        support: Number(m[2]),
        reported: Number(m[3]) + Number(m[4]),
        f1: Number(m[6]),
      });
  }
  return rows;
}

const samples = readdirSync(SAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(SAMPLES, d.name, 'package')))
  .map((d) => d.name)
  .sort();
if (samples.length === 0) {
  console.error(`No samples found in ${SAMPLES}`);
  process.exit(2);
}

const codes = loadCodeLists();
const table: string[][] = [];
let failed = false;
for (const sample of samples) {
  const dir = join(SAMPLES, sample);
  const out = mkdtempSync(join(tmpdir(), `score-${sample}-`));
  try {
    const registry = join(dir, 'registry.csv');
    await cleanPackage({
      packagePath: join(dir, 'package'),
      outDir: out,
      codes,
      referenceDate: REFERENCE_DATE,
      ...(existsSync(registry) ? { registryPath: registry } : {}),
    });
    const report = execFileSync('node', [SCORER, '--truth', join(dir, 'truth'), '--got', out], {
      encoding: 'utf8',
    });
    const score = /SCORE detection_f1=([\d.]+) fix_accuracy=([\d.]+) duplicate_f1=([\d.]+)/.exec(report);
    if (!score) throw new Error(`no SCORE line for ${sample}`);
    const [detection, fix, duplicate] = [Number(score[1]), Number(score[2]), Number(score[3])];
    const rules = parseRuleScores(report).filter((r) => r.support > 0);
    const below = rules.filter((r) => r.f1 < MIN_RULE_F1).map((r) => `${r.rule} ${r.f1.toFixed(3)}`);
    const ok = detection >= MIN_DETECTION_F1 && fix >= MIN_FIX_ACCURACY && below.length === 0;
    if (!ok) failed = true;
    table.push([
      sample,
      detection.toFixed(3),
      fix.toFixed(3),
      duplicate.toFixed(3),
      ok ? 'ok' : 'FAIL',
      below.join(', ') || '-',
    ]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const header = ['sample', 'detection_f1', 'fix_accuracy', 'duplicate_f1', 'gate', 'rules < 0.95'];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
for (const row of table) console.log(line(row));
console.log(
  `gate: detection F1 >= ${MIN_DETECTION_F1}, fix accuracy >= ${MIN_FIX_ACCURACY}, every rule F1 >= ${MIN_RULE_F1}`,
);
process.exit(failed ? 1 : 0);
