// Entry of a worker thread that runs a TypeScript module (see ts-worker.ts): a worker does not inherit the
// parent's module loader, so it registers tsx's own before importing the module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsModule);
