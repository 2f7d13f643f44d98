// Prints the rule catalogue as the Markdown table README.md carries (`npx tsx scripts/rule-table.ts`).
import { CATALOGUE } from '../src/core/quality/catalogue.ts';

const rows = Object.entries(CATALOGUE).map(
  ([code, r]) => `| \`${code}\` | ${r.group} | ${r.severity} | ${r.title} | ${r.fields.join(', ') || '—'} |`,
);
process.stdout.write(
  ['| code | group | severity | title (vi) | fields |', '|---|---|---|---|---|', ...rows].join('\n') + '\n',
);
