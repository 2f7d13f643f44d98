import { CompiledQuery, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { DbHandle } from '../db/client.ts';
import { countPendingJobs, deleteJob, markJobActive } from '../db/repos/jobs.ts';
import { RecordedJobQueue } from './job-records.ts';
import type { QueueOptions } from './queue.ts';

const SCHEMA = 'pgboss';
/**
 * pg-boss has no heartbeat: an active job whose `started_on + expire_in` is past is "failed by timeout" and
 * retried. A running job renews that lease every LEASE/4 seconds, so a job of a dead node is retried within
 * about LEASE seconds (at once when a node starts: start() runs the expiry), and a long import never is.
 */
const LEASE_SECONDS = 120;
/** Retries are for runs cut short (crash, shutdown). A job that fails for a reason is completed as failed. */
const RETRY_LIMIT = 50;

/**
 * The PostgreSQL server queue: pg-boss 10 dispatches (several nodes share the work, SKIP LOCKED); the
 * `jobs` table mirrors status, progress, result and error (written by the node running the job), which is
 * what getJob reads and what enforces singleton keys.
 */
export class PgBossQueue extends RecordedJobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly workers = new Map<string, string>();
  private readonly pollIntervalMs: number;
  private readonly stopTimeoutMs: number;
  private readonly concurrency: number;
  private started = false;

  constructor(handle: DbHandle, options: QueueOptions = {}) {
    super(handle);
    this.pollIntervalMs = Math.max(500, options.pollIntervalMs ?? 2000);
    this.stopTimeoutMs = Math.max(1000, options.stopTimeoutMs ?? 10_000);
    this.concurrency = options.concurrency ?? 1;
    const db = this.db;
    this.boss = new PgBoss({
      schema: SCHEMA,
      // pg-boss runs its SQL on our pool (no second set of connections, no second URL).
      db: {
        executeSql: async (text: string, values: unknown[] = []) => {
          const result = await db.executeQuery(CompiledQuery.raw(text, values));
          return { rows: result.rows };
        },
      },
      supervise: true,
      maintenanceIntervalSeconds: 60,
      schedule: false,
      migrate: true,
    });
    // Maintenance errors (a database restart…) are retried on the next interval; never crash the process.
    this.boss.on('error', () => undefined);
  }

  /** The job goes to pg-boss too; the record is removed when pg-boss does not take it. */
  protected async dispatch(id: string, name: string): Promise<void> {
    try {
      await this.ensureQueue(name);
      const sent = await this.boss.send(name, { jobId: id }, { id, ...retryOptions });
      if (sent === null) throw new Error(`pg-boss refused job ${id}`);
    } catch (error) {
      await deleteJob(this.db, id);
      throw error;
    }
    const workerId = this.workers.get(name);
    if (workerId) this.boss.notifyWorker(workerId);
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
    // Jobs whose node died (lease not renewed): retried now rather than at the next maintenance.
    await this.boss.expire();
    for (const name of this.jobNames) {
      await this.ensureQueue(name);
      const workerId = await this.boss.work<{ jobId: string }>(
        name,
        { batchSize: this.concurrency, pollingIntervalSeconds: this.pollIntervalMs / 1000 },
        (jobs) => Promise.all(jobs.map((job) => this.run(name, job.data.jobId))),
      );
      this.workers.set(name, workerId);
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const job of this.running.values()) job.controller.abort();
    // Graceful: waits for the handlers; what is still active then is failed by pg-boss and retried later.
    await this.boss.stop({ graceful: true, wait: true, timeout: this.stopTimeoutMs, close: false });
    this.workers.clear();
  }

  async idle(): Promise<void> {
    for (;;) {
      await this.runningJobsEnded();
      const pending = await countPendingJobs(this.db, this.jobNames);
      if ((pending === 0 && this.running.size === 0) || !this.started) return;
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  }

  private readonly knownQueues = new Set<string>();

  private async ensureQueue(name: string): Promise<void> {
    if (this.knownQueues.has(name)) return;
    if (!(await this.boss.getQueue(name))) {
      // Another node may create it at the same moment: its error means the queue exists.
      await this.boss
        .createQueue(name, { name, policy: 'standard', ...retryOptions })
        .catch(async (error: unknown) => {
          if (!(await this.boss.getQueue(name))) throw error;
        });
    }
    this.knownQueues.add(name);
  }

  /** Runs one job handed over by pg-boss. Throws only when stopped mid-way (pg-boss then retries it). */
  private async run(name: string, id: string): Promise<void> {
    const record = await markJobActive(this.db, id);
    if (!record) return; // finished already (a retry of a job whose outcome was written): nothing to do
    const lease = setInterval(() => void this.renewLease(name, id), (LEASE_SECONDS / 4) * 1000);
    lease.unref();
    await this.runJob({ id, name, payload: record.payload, attempt: record.attempts }, () =>
      clearInterval(lease),
    );
  }

  private async renewLease(name: string, id: string): Promise<void> {
    await sql`UPDATE ${sql.table(`${SCHEMA}.job`)} SET started_on = now()
      WHERE name = ${name} AND id = ${id}::uuid AND state = 'active'`
      .execute(this.db)
      .catch(() => undefined);
  }
}

const retryOptions = { retryLimit: RETRY_LIMIT, retryDelay: 0, expireInSeconds: LEASE_SECONDS } as const;
