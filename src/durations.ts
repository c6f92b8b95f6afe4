import { parse } from 'tinyduration';

// Follow-up cadences are written as ISO-8601 durations. Years and months are refused: their length depends on the
// calendar, and a cadence must mean the same number of milliseconds on every lead.
const UNIT_MS = { weeks: 604_800_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1_000 };

export function parseDuration(text: string): number {
  let d;
  try {
    d = parse(text.trim());
  } catch {
    throw new Error(`"${text}" is not an ISO-8601 duration (e.g. PT5S, P1D, P1DT12H)`);
  }
  if (d.negative || d.years || d.months) throw new Error(`"${text}": use weeks, days, hours, minutes or seconds`);
  const ms = Object.entries(UNIT_MS).reduce((sum, [unit, size]) => sum + (d[unit as keyof typeof UNIT_MS] ?? 0) * size, 0);
  if (ms <= 0) throw new Error(`"${text}" must be longer than zero`);
  return Math.round(ms);
}

export function parseDurationList(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new Error('expected at least one ISO-8601 duration');
  return parts.map(parseDuration);
}
