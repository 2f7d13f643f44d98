import { PackageReadError } from '../core/import/package-read-error.ts';
import { cleanUsage, runClean, UsageError } from './commands/clean.ts';
import { importCommand } from './commands/import.ts';

/** The subcommands; each parses its own arguments and calls one app/ operation. A number is the exit code. */
const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void | number>; usage: string }> = {
  clean: { run: runClean, usage: cleanUsage },
  import: { run: importCommand.run, usage: importCommand.usage },
};

const usage = `Usage: npm run cli -- <command> [options]

Commands:
${Object.keys(COMMANDS)
  .map((name) => `  ${name}`)
  .join('\n')}

Run "npm run cli -- <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n${usage}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return (await command.run(rest)) ?? 0;
  } catch (error) {
    process.stderr.write(`${describe(error)}\n`);
    return error instanceof UsageError || isArgError(error) ? 2 : 1;
  }
}

/** One clear English line for what stopped the run. */
function describe(error: unknown): string {
  if (error instanceof PackageReadError) return `Cannot read the package: ${error.message}`;
  if (error instanceof UsageError || isArgError(error)) return `${(error as Error).message} (see --help)`;
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('E')
  ) {
    return `Cannot run: ${error.message}`;
  }
  return error instanceof Error ? `Unexpected error: ${error.message}` : `Unexpected error: ${String(error)}`;
}

function isArgError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

process.exitCode = await main(process.argv.slice(2));
