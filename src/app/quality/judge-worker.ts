import { parentPort, workerData } from 'node:worker_threads';
import type { OrganizationRecord } from '../../core/quality/record.ts';
import { indexOrganizations } from '../../core/quality/rules/organizations.ts';
import type { StoredRuleSettings } from '../../db/repos/findings.ts';
import { loadQualityEnvFromRow } from './check-stored-records.ts';
import { emptyJudgement, judgeMemberRows, type MemberJudgeContext } from './judge-members.ts';
import type { MemberRow } from './stored-records.ts';

/**
 * A worker thread of the judge pool (judge-pool.ts): rebuilds the rule environment of one province check from
 * what the check read (settings row, organizations as the rules see them; the code lists from the same files),
 * then judges the chunks of members it is sent.
 */
export interface JudgeWorkerData {
  settingsRow: StoredRuleSettings | null;
  orgs: MemberJudgeContext['orgs'];
  records: OrganizationRecord[];
  applySafeFixes: boolean;
}

export type JudgeRequest = { job: number; rows: MemberRow[] };
export type JudgeReply =
  { job: number; judgement: ReturnType<typeof emptyJudgement> } | { job: number; error: string };

const data = (workerData as { data: JudgeWorkerData }).data;
const context: MemberJudgeContext = {
  orgs: data.orgs,
  index: indexOrganizations(data.records),
  env: loadQualityEnvFromRow(data.settingsRow),
  applySafeFixes: data.applySafeFixes,
};

parentPort!.on('message', (request: JudgeRequest) => {
  let reply: JudgeReply;
  try {
    const judgement = emptyJudgement();
    judgeMemberRows(context, request.rows, judgement);
    reply = { job: request.job, judgement };
  } catch (error) {
    reply = {
      job: request.job,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  parentPort!.postMessage(reply);
});
