import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/client.ts';
import * as repo from '../../db/repos/campaign.ts';
import { todayText } from './today.ts';

/** Every 15 minutes: a day's burndown point is the last capture of that day, so it stays close to the close. */
export const SNAPSHOT_INTERVAL_MS = 15 * 60_000;

/**
 * Captures today's burndown rows of the open campaign (see repo.captureSnapshots for the levels), from the
 * maintained roll-ups. Idempotent per campaign, organization and day: a later capture replaces the value.
 */
export async function captureDailySnapshots(
  db: Tx,
  now = new Date(),
): Promise<{ campaignId: number; day: string; rows: number } | null> {
  const campaign = await repo.getOpenCampaign(db);
  if (!campaign) return null;
  const day = todayText(now);
  return { campaignId: campaign.id, day, rows: await repo.captureSnapshots(db, campaign, day) };
}

export interface SnapshotScheduler {
  /** Captures now (a capture already running is awaited instead of starting a second one). */
  captureNow: () => Promise<void>;
  /** Stops the timer and waits for a capture in progress, so the database can be closed after it. */
  stop: () => Promise<void>;
}

/**
 * Captures when the server starts, then every `intervalMs`. The timer is unref'd (it never keeps the process
 * alive); a failed capture is logged and retried at the next tick. Campaign creation captures on its own
 * (createCampaign), so a new campaign has its first point at once.
 */
export function startSnapshotScheduler(
  db: Db,
  options: { log: Pick<Logger, 'info' | 'error'>; intervalMs?: number },
): SnapshotScheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const captureNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= captureDailySnapshots(db)
      .then((result) => {
        if (result) options.log.info(result, 'campaign burndown snapshots captured');
      })
      .catch((error: unknown) => {
        options.log.error({ err: error }, 'campaign burndown snapshot capture failed');
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  void captureNow();
  const timer = setInterval(() => void captureNow(), options.intervalMs ?? SNAPSHOT_INTERVAL_MS);
  timer.unref();
  return {
    captureNow,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
