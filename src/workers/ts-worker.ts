import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module of this project, however the process was started (tsx, vitest,
 * plain node): the module receives `data` as `workerData.data`.
 */
export function startTsWorker(module: URL, data: unknown): Worker {
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), {
    workerData: { tsModule: module.href, data },
  });
}
