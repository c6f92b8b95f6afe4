// When a follow-up may go out: the cadence, lawful calling hours in the lead's own time zone, Florida's limit of
// three messages a day, and the rules that stop follow-ups altogether. Pure functions over epoch milliseconds: this
// file runs in the workflow sandbox, so "now" is always a parameter and time-zone math uses Intl.DateTimeFormat.

import { otherZonesForPhone, timezoneForPhone } from './area-codes';
import type { AssigneeType, Channel, LeadStatus } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** However long the cadence, a lead gets at most this many follow-ups in a row without answering. */
export const MAX_FOLLOW_UP_ATTEMPTS = 5;
/** The default cadence: business days after the previous message. */
export const DEFAULT_BUSINESS_DAY_CADENCE: readonly number[] = [1, 2, 4, 7];
/** Business-day follow-ups land at this local hour. */
export const DEFAULT_FOLLOW_UP_HOUR = 10;
/** Florida: at most this many messages to one person in any 24 hours. */
export const FLORIDA_MAX_MESSAGES_PER_DAY = 3;
/** Used when even the workspace's default zone is not a valid IANA zone. */
export const FALLBACK_TIMEZONE = 'America/New_York';

/** Business days land at a local hour on the Nth next weekday; exact delays (FOLLOW_UP_CADENCE) are added as is. */
export type FollowUpCadence = { kind: 'business-days'; days: readonly number[] } | { kind: 'exact'; ms: readonly number[] };

export interface TimezoneChoice {
  zone: string;
  /** Where the zone came from; 'fallback' only when the workspace default itself is not a valid zone. */
  source: 'lead' | 'area-code' | 'workspace' | 'fallback';
  /**
   * Other zones the lead may be in: set only when the zone was guessed from a split area code. Calling hours are
   * kept in all of them (pass it to nextAllowedTime as alsoZones).
   */
  alsoZones: string[];
}

export interface CallingWindow {
  /** First allowed local hour (inclusive). */
  startHour: number;
  /** Local hour at which sending stops (exclusive): a message at 21:00:00 is already too late. */
  endHour: number;
}

export interface SendingRules {
  zone: string;
  /** Florida's rules: 08:00-20:00 and at most three messages in 24 hours. */
  florida: boolean;
  /** Epoch ms of the messages already sent to the lead (every outbound kind, to be safe); used for Florida. */
  recentSendsMs?: readonly number[];
  /** More zones whose calling hours must also hold (from TimezoneChoice.alsoZones). */
  alsoZones?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Time zones

/** True when the sandbox's Intl knows the zone. */
export function isValidTimeZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The lead's zone if it has a valid one, else the phone's area code, else the workspace default. */
export function resolveTimezone(input: { leadTimezone?: string | null; phone?: string | null; workspaceDefault: string }): TimezoneChoice {
  const leadZone = input.leadTimezone?.trim();
  if (isValidTimeZone(leadZone)) return { zone: leadZone, source: 'lead', alsoZones: [] };
  const fromPhone = input.phone ? timezoneForPhone(input.phone) : null;
  if (fromPhone && input.phone) return { zone: fromPhone, source: 'area-code', alsoZones: [...otherZonesForPhone(input.phone)] };
  const workspaceZone = input.workspaceDefault.trim();
  if (isValidTimeZone(workspaceZone)) return { zone: workspaceZone, source: 'workspace', alsoZones: [] };
  return { zone: FALLBACK_TIMEZONE, source: 'fallback', alsoZones: [] };
}

/** Wall-clock reading of an instant in a zone. month is 1-12, weekday 0 (Sunday) - 6. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock date and time of `ms` in `zone`. */
export function localTime(ms: number, zone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year, month, day, hour, minute, second } = parts as Record<keyof LocalTime, number>;
  return { year, month, day, hour, minute, second, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: -5 h). */
function offsetAt(ms: number, zone: string): number {
  const t = localTime(ms, zone);
  const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - wholeSecond;
}

/**
 * The instant a wall-clock time happens in a zone. A time that happens twice (the repeated hour when clocks fall
 * back) gives the earlier instant; a time that never happens (skipped when clocks spring forward) is moved forward
 * by the length of the gap (02:30 on a spring-forward night becomes 03:30), as Temporal's "compatible" rule does.
 */
export function zonedTimeToInstant(wall: { year: number; month: number; day: number; hour: number; minute?: number }, zone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute ?? 0);
  const offsetBefore = offsetAt(asUtc - DAY, zone);
  const offsetAfter = offsetAt(asUtc + DAY, zone);
  const exact = [asUtc - offsetBefore, asUtc - offsetAfter].filter((instant) => offsetAt(instant, zone) === asUtc - instant);
  return exact.length ? Math.min(...exact) : asUtc - offsetBefore;
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function localDate(ms: number, zone: string): CalendarDate {
  const t = localTime(ms, zone);
  return { year: t.year, month: t.month, day: t.day };
}

function atLocalHour(date: CalendarDate, hour: number, zone: string): number {
  return zonedTimeToInstant({ year: date.year, month: date.month, day: date.day, hour }, zone);
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekdayOf(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** The day of month of the nth (1-based) given weekday, or the last one when n is -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = weekdayOf({ year, month, day: 1 });
    return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = weekdayOf({ year, month, day: lastDay });
  return lastDay - ((last - weekday + 7) % 7);
}

/** A fixed-date holiday's observed day: Saturday -> Friday before, Sunday -> Monday after (5 U.S.C. 6103). */
function observed(date: CalendarDate): CalendarDate {
  const wd = weekdayOf(date);
  return wd === 6 ? addDays(date, -1) : wd === 0 ? addDays(date, 1) : date;
}

/** The eleven US federal holidays of a year, as observed. */
export function usFederalHolidays(year: number): CalendarDate[] {
  const fixed = (month: number, day: number) => observed({ year, month, day });
  const floating = (month: number, weekday: number, n: number) => ({ year, month, day: nthWeekday(year, month, weekday, n) });
  return [
    fixed(1, 1), // New Year's Day
    floating(1, 1, 3), // Birthday of Martin Luther King, Jr.
    floating(2, 1, 3), // Washington's Birthday
    floating(5, 1, -1), // Memorial Day
    fixed(6, 19), // Juneteenth
    fixed(7, 4), // Independence Day
    floating(9, 1, 1), // Labor Day
    floating(10, 1, 2), // Columbus Day
    fixed(11, 11), // Veterans Day
    floating(11, 4, 4), // Thanksgiving Day
    fixed(12, 25), // Christmas Day
  ];
}

function sameDate(a: CalendarDate, b: CalendarDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** Monday to Friday, and (when asked) not a US federal holiday. Next year's Jan 1 may be observed on Dec 31. */
export function isBusinessDay(date: CalendarDate, holidays: 'none' | 'us-federal' = 'none'): boolean {
  const wd = weekdayOf(date);
  if (wd === 0 || wd === 6) return false;
  if (holidays === 'none') return true;
  return ![...usFederalHolidays(date.year), ...usFederalHolidays(date.year + 1)].some((h) => sameDate(h, date));
}

/** The nth business day after `date` (n >= 1). */
export function addBusinessDays(date: CalendarDate, n: number, holidays: 'none' | 'us-federal' = 'none'): CalendarDate {
  let d = date;
  for (let counted = 0; counted < n; ) {
    d = addDays(d, 1);
    if (isBusinessDay(d, holidays)) counted++;
  }
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Calling hours and the Florida limit

/** Federal calling hours are 08:00-21:00 local; Florida's are 08:00-20:00. */
export function allowedWindow(rules: { zone?: string; florida: boolean }): CallingWindow {
  return { startHour: 8, endHour: rules.florida ? 20 : 21 };
}

/** `ms` if it is inside the window in `zone`, else the window's next opening. */
function intoWindow(ms: number, zone: string, window: CallingWindow): number {
  const t = localTime(ms, zone);
  if (t.hour >= window.startHour && t.hour < window.endHour) return ms;
  const today = { year: t.year, month: t.month, day: t.day };
  return Math.max(ms, atLocalHour(t.hour < window.startHour ? today : addDays(today, 1), window.startHour, zone));
}

/**
 * `ms`, or the first instant after it at which one more message keeps every 24 hours at three messages or fewer:
 * for any three sends closer together than 24 hours with the new one, it moves to the oldest of them + 24 h.
 */
function pastFloridaLimit(ms: number, sends: readonly number[]): number {
  const sorted = sends.filter(Number.isFinite).sort((a, b) => a - b);
  const limit = FLORIDA_MAX_MESSAGES_PER_DAY; // this many earlier sends plus the new one is one too many
  let t = ms;
  for (let moved = true; moved; ) {
    moved = false;
    for (let i = 0; i + limit <= sorted.length; i++) {
      const oldest = sorted[i];
      const newest = sorted[i + limit - 1];
      if (Math.max(newest, t) - Math.min(oldest, t) < DAY) {
        t = oldest + DAY;
        moved = true;
      }
    }
  }
  return t;
}

/**
 * The earliest instant at or after `candidateMs` at which a message may go out: inside the calling hours in the
 * lead's zone (and in every zone of alsoZones), DST-correct, and for Florida also the fourth message in 24 hours
 * moved out. A candidate already allowed is returned unchanged.
 */
export function nextAllowedTime(candidateMs: number, rules: SendingRules): number {
  const window = allowedWindow(rules);
  const zones = [rules.zone, ...(rules.alsoZones ?? [])];
  let t = candidateMs;
  // Each step only moves forward; the windows of the zones of one area code overlap by hours, so a few rounds do.
  for (let round = 0; round < 50; round++) {
    const before = t;
    for (const zone of zones) t = intoWindow(t, zone, window);
    if (rules.florida) t = pastFloridaLimit(t, rules.recentSendsMs ?? []);
    if (t === before) return t;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------------------------
// The cadence

export interface PlanOptions extends SendingRules {
  cadence: FollowUpCadence;
  /** Local hour a business-day follow-up lands at (default 10). */
  localHour?: number;
  /** Skip US federal holidays as well as weekends (default 'none': weekends only). */
  holidays?: 'none' | 'us-federal';
}

/**
 * When follow-up number attemptIndex + 1 is due, given the previous message went out at lastSentMs; null once the
 * cadence (or MAX_FOLLOW_UP_ATTEMPTS) is spent, or when its entry is not a positive number.
 * Business days: localHour on the Nth next business day in the lead's zone (a fraction of a day rounds up).
 * Exact: lastSentMs + ms. Either way the
 * result then goes through nextAllowedTime, so even a test cadence of seconds never wakes a lead at night.
 */
export function plannedFollowUpTime(lastSentMs: number, attemptIndex: number, options: PlanOptions): number | null {
  const steps = options.cadence.kind === 'business-days' ? options.cadence.days : options.cadence.ms;
  if (!Number.isInteger(attemptIndex) || attemptIndex < 0 || attemptIndex >= Math.min(steps.length, MAX_FOLLOW_UP_ATTEMPTS)) return null;
  const step = steps[attemptIndex];
  if (!Number.isFinite(step) || step <= 0) return null;
  const candidate =
    options.cadence.kind === 'exact'
      ? lastSentMs + step
      : atLocalHour(addBusinessDays(localDate(lastSentMs, options.zone), Math.ceil(step), options.holidays), options.localHour ?? DEFAULT_FOLLOW_UP_HOUR, options.zone);
  return nextAllowedTime(candidate, options);
}

/**
 * The cadence for a list of durations (FOLLOW_UP_CADENCE, parsed): whole days count as business days (P1D,P2D,P4D,P7D
 * is the default 1, 2, 4, 7 business days at 10:00); anything else (PT5S,PT10S) is an exact delay.
 */
export function cadenceFromDurations(ms: readonly number[]): FollowUpCadence {
  const wholeDays = ms.length > 0 && ms.every((d) => d > 0 && d % DAY === 0);
  return wholeDays ? { kind: 'business-days', days: ms.map((d) => d / DAY) } : { kind: 'exact', ms: [...ms] };
}

// ---------------------------------------------------------------------------------------------------------------
// Stop rules

export type FollowUpVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether the lead may get a follow-up at all. (A reply from the lead cancels the pending one where the reply is
 * handled; this answers whether to plan or send the next.)
 */
export function shouldFollowUp(input: {
  status: LeadStatus;
  assignee: AssigneeType;
  missingRequiredItems: number;
  /** Channels not opted out, not bounced, with an address. */
  usableChannels: readonly Channel[];
}): FollowUpVerdict {
  switch (input.status) {
    case 'COMPLETED':
      return { ok: false, reason: 'The lead is completed' };
    case 'NOT_INTERESTED':
      return { ok: false, reason: 'The lead is not interested' };
    case 'OPTED_OUT':
      return { ok: false, reason: 'The lead opted out of every channel' };
    case 'IN_PROGRESS':
      break;
  }
  if (input.assignee === 'HUMAN') return { ok: false, reason: 'A person is working the lead' };
  if (input.missingRequiredItems <= 0) return { ok: false, reason: 'Nothing required is missing' };
  if (input.usableChannels.length === 0) return { ok: false, reason: 'No channel can reach the lead (opted out, bounced or no address)' };
  return { ok: true };
}
