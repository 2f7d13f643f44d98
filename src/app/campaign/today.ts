/** The calendar day in Vietnam (UTC+7, no daylight saving) as yyyy-mm-dd: campaign days and burndown points. */
export const todayText = (now = new Date()) =>
  new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
