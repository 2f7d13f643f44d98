import { join } from 'node:path';
import pino from 'pino';
import { ensureNationalAdmin } from './app/auth/ensure-admin.ts';
import { hasAnyOrganization, loadDemoProvince } from './app/demo/load-demo-province.ts';
import { recheckProvince, resumeUnfinishedRechecks } from './app/quality/recheck-job.ts';
import { startSnapshotScheduler } from './app/campaign/snapshot-scheduler.ts';
import { createProgress } from './cli/progress.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { seedCodeLists } from './db/seed-code-lists.ts';
import { buildApp, defaultWebDist } from './http/app.ts';
import { enqueueUnfinishedDuplicateRuns, registerDuplicateRunJob } from './jobs/duplicate-run-job.ts';
import { registerImportPackageJob } from './jobs/import-package-job.ts';
import { removeStaleUploads } from './app/import/package-uploads.ts';
import { createQueue } from './jobs/queue.ts';
import { registerRecheckJob } from './jobs/recheck-job.ts';
import { loadCodeLists } from './reference/load-reference.ts';

/** `npm start`: migrate, load code lists, first-run admin and demo data, then serve API and UI. */
async function main() {
  const config = loadConfig();
  const log = pino({
    level: config.LOG_LEVEL,
    ...(process.stdout.isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  });
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  log.info(
    { driver: handle.driver, dataDir: handle.driver === 'pglite' ? config.dataDir : undefined },
    'database opened',
  );
  const applied = await migrate(handle, (m) => log.info(m));
  if (applied.length) log.info({ applied }, 'migrations applied');
  const codes = loadCodeLists();
  const reloaded = await seedCodeLists(handle.db, codes);
  if (reloaded.length) log.info({ lists: reloaded }, 'code lists loaded');

  const admin = await ensureNationalAdmin(handle.db, {
    username: config.ADMIN_USERNAME,
    password: config.ADMIN_PASSWORD,
  });

  let demoLoaded = false;
  if (config.DEMO_DATA === 'auto' && config.DEMO_MEMBERS > 0 && !(await hasAnyOrganization(handle.db))) {
    const started = Date.now();
    const progress = createProgress('Nạp dữ liệu mẫu');
    const demo = await loadDemoProvince(handle.db, codes, {
      provinceCode: config.DEMO_PROVINCE,
      memberCount: config.DEMO_MEMBERS,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.stop();
    log.info(
      {
        province: demo.province.name,
        organizations: demo.organizations,
        members: demo.members,
        ms: Date.now() - started,
      },
      'demo province loaded',
    );
    demoLoaded = true;
  }

  // Background jobs: pg-boss on a PostgreSQL server, the in-process runner on PGlite. Jobs cut short by the
  // last stop are run again now.
  const queue = await createQueue(handle);
  // Full re-checks run as queue jobs from here on (a restart or another node resumes them from their cursor).
  registerRecheckJob(queue, { handle, judgeWorkers: config.RECHECK_WORKERS });
  const uploadDir = join(config.dataDir, 'uploads');
  registerImportPackageJob(queue, {
    handle,
    codes,
    uploadDir,
    // Plan 291-KH/BTCTW: what was moved from 3.0 is then checked and standardized (safe fixes applied).
    onImported: async (result) => {
      await recheckProvince(handle.db, result.provinceCode, { applySafeFixes: true });
    },
  });
  registerDuplicateRunJob(queue, handle.db);
  await queue.start();
  // Re-checks, duplicate detection and reconciliation runs cut short by the last stop go on from their cursor.
  await resumeUnfinishedRechecks(handle.db);
  await enqueueUnfinishedDuplicateRuns(queue, handle.db);
  // The demo province's findings come from the same engine as an import's: a re-check job like any other
  // (progress: /api/quality/rechecks; resumed from its cursor if the server stops first).
  if (demoLoaded) await recheckProvince(handle.db, config.DEMO_PROVINCE, { applySafeFixes: true });

  const app = await buildApp({
    handle,
    queue,
    uploadDir,
    uploadMaxBytes: config.UPLOAD_MAX_MB * 1024 * 1024,
    dataDir: config.dataDir,
    logger: log,
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    cookieSecure: config.COOKIE_SECURE === 'true',
    webDist: defaultWebDist,
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  // Burndown points of the open campaign: captured now, then every 15 minutes (the last capture of a day wins).
  const snapshots = startSnapshotScheduler(handle.db, { log });
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}/`;
  const lines = [
    '',
    '  CSDL Đảng viên 4.0 is running.',
    `  Open:      ${url}`,
    `  API docs:  ${url}api/docs`,
    `  Log in as: ${admin.username}`,
    admin.created && admin.generated
      ? `  Password:  ${admin.password}   (generated on this first run and shown only once; set ADMIN_PASSWORD to choose it)`
      : admin.created
        ? '  Password:  the value of ADMIN_PASSWORD'
        : '  Password:  the one printed on the first run (or ADMIN_PASSWORD then)',
    '  The system administrator (role 1) must enable two-factor sign-in at the first login: have an',
    '  authenticator app ready (the profile page shows the key to add).',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  // Uploads of the import wizard that were never imported are removed after UPLOAD_RETENTION_DAYS.
  const sweepUploads = async () => {
    const removed = await removeStaleUploads(uploadDir, config.UPLOAD_RETENTION_DAYS * 86_400_000);
    if (removed.length > 0) log.info({ removed }, 'removed stale uploads');
  };
  await sweepUploads();
  const uploadSweep = setInterval(
    () => void sweepUploads().catch((error: unknown) => log.error(error)),
    3_600_000,
  );
  uploadSweep.unref();

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    clearInterval(uploadSweep);
    await app.close();
    await snapshots.stop();
    await queue.stop();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
