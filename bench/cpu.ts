/**
 * CPU seconds of this process and of the database server's processes serving one database (read from /proc, so a
 * local server only): with the wall time, a split of the work that does not depend on what else shares the cores.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../src/db/client.ts';

async function serverCpu(db: Db): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // not readable (a server on another machine): no split
    }
  }
  return cpu;
}

/** Starts counting; the returned function gives the CPU seconds since, of this process and of the server. */
export async function startCpuCount(db: Db): Promise<() => Promise<{ process: number; server: number }>> {
  const before = await serverCpu(db);
  const processBefore = process.cpuUsage();
  return async () => {
    const { user, system } = process.cpuUsage(processBefore);
    const after = await serverCpu(db);
    let server = 0;
    for (const [pid, cpu] of after) server += cpu - (before.get(pid) ?? 0);
    return { process: (user + system) / 1e6, server };
  };
}
