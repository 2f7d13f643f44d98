/** Share of members without open errors, in percent with one decimal; 100 for a unit without members. */
export function percentClean(members: number, membersWithErrors: number): number {
  if (members <= 0) return 100;
  return Math.round(((members - membersWithErrors) / members) * 1000) / 10;
}

/** Whole days from `today` to the campaign's last day, that day included; 0 once it has passed. */
export function daysLeft(today: string, endsOn: string): number {
  const ms = Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.max(0, Math.floor(ms / 86_400_000) + 1);
}

/** The ideal burndown: open errors at the start falling in a straight line to zero on the last day. */
export function idealBurndown(
  startOn: string,
  endsOn: string,
  startValue: number,
): Array<{ day: string; value: number }> {
  const start = Date.parse(`${startOn}T00:00:00Z`);
  const end = Date.parse(`${endsOn}T00:00:00Z`);
  const days = Math.max(1, Math.round((end - start) / 86_400_000));
  const points: Array<{ day: string; value: number }> = [];
  for (let i = 0; i <= days; i++) {
    points.push({
      day: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
      value: Math.round(startValue * (1 - i / days)),
    });
  }
  return points;
}

export interface LaggingCandidate {
  orgId: number;
  members: number;
  membersWithErrors: number;
  notStartedUnits: number;
  units: number;
}

/**
 * Lagging units: lowest share of clean members first; near the deadline (≤ 5 days left) units that have not
 * started come before everything else.
 */
export function rankLagging<T extends LaggingCandidate>(units: readonly T[], daysToGo: number): T[] {
  const nearDeadline = daysToGo <= 5;
  return [...units].sort((a, b) => {
    if (nearDeadline) {
      const sa = a.units > 0 ? a.notStartedUnits / a.units : 0;
      const sb = b.units > 0 ? b.notStartedUnits / b.units : 0;
      if (sa !== sb) return sb - sa;
    }
    const pa = percentClean(a.members, a.membersWithErrors);
    const pb = percentClean(b.members, b.membersWithErrors);
    if (pa !== pb) return pa - pb;
    return b.membersWithErrors - a.membersWithErrors;
  });
}
