import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AREA_CODE_REGIONS,
  AREA_CODE_ZONES,
  FLORIDA_AREA_CODES,
  SPLIT_AREA_CODE_ZONES,
  areaCodeOf,
  isFloridaNumber,
  timezoneForPhone,
} from '../../workflows/area-codes';
import {
  MAX_FOLLOW_UP_ATTEMPTS,
  addBusinessDays,
  allowedWindow,
  cadenceFromDurations,
  nextAllowedTime,
  plannedFollowUpTime,
  resolveTimezone,
  shouldFollowUp,
  usFederalHolidays,
  zonedTimeToInstant,
} from '../../workflows/follow-up-schedule';

const NY = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Wall clock of an instant, read with Intl directly (independent of the code under test): "2026-03-09 Mon 10:00". */
function wall(ms: number, zone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.weekday} ${p.hour}:${p.minute}${p.second === '00' ? '' : `:${p.second}`}`;
}
const at = (iso: string) => Date.parse(iso);

describe('calling hours (nextAllowedTime)', () => {
  const ny = { zone: NY, florida: false };

  it('moves 02:00 local to 08:00 the same day', () => {
    const t = nextAllowedTime(at('2026-06-10T06:00:00Z'), ny); // 02:00 EDT
    assert.equal(wall(t, NY), '2026-06-10 Wed 08:00');
  });

  it('moves 21:30 local to 08:00 the next day, and 21:00 sharp counts as too late', () => {
    assert.equal(wall(nextAllowedTime(at('2026-06-11T01:30:00Z'), ny), NY), '2026-06-11 Thu 08:00'); // Wed 21:30 EDT
    assert.equal(wall(nextAllowedTime(at('2026-06-11T01:00:00Z'), ny), NY), '2026-06-11 Thu 08:00'); // Wed 21:00 EDT
    assert.equal(wall(nextAllowedTime(at('2026-06-11T00:59:59Z'), ny), NY), '2026-06-10 Wed 20:59:59');
  });

  it('leaves a daytime instant alone', () => {
    const noon = at('2026-06-10T16:00:00Z');
    assert.equal(nextAllowedTime(noon, ny), noon);
  });

  it('keeps Florida to 08:00-20:00: 20:30 goes to 08:00 the next day', () => {
    const fl = { zone: NY, florida: true };
    assert.deepEqual(allowedWindow(fl), { startHour: 8, endHour: 20 });
    assert.deepEqual(allowedWindow(ny), { startHour: 8, endHour: 21 });
    assert.equal(wall(nextAllowedTime(at('2026-06-11T00:30:00Z'), fl), NY), '2026-06-11 Thu 08:00'); // Wed 20:30 EDT
    assert.equal(wall(nextAllowedTime(at('2026-06-11T00:30:00Z'), ny), NY), '2026-06-10 Wed 20:30', 'elsewhere 20:30 is fine');
  });

  it('pushes a fourth Florida message in 24 hours past the oldest of the last three + 24 h', () => {
    const sends = [at('2026-06-10T13:00:00Z'), at('2026-06-10T16:00:00Z'), at('2026-06-10T19:00:00Z')]; // 09, 12, 15 EDT
    const candidate = at('2026-06-10T22:00:00Z'); // 18:00 EDT
    const t = nextAllowedTime(candidate, { zone: NY, florida: true, recentSendsMs: sends });
    assert.equal(t, sends[0] + DAY);
    assert.equal(wall(t, NY), '2026-06-11 Thu 09:00');
    assert.equal(nextAllowedTime(candidate, { zone: NY, florida: false, recentSendsMs: sends }), candidate, 'no limit outside Florida');
    assert.equal(nextAllowedTime(candidate, { zone: NY, florida: true, recentSendsMs: sends.slice(1) }), candidate, 'a third message is fine');
  });

  it('when the 24 hours run out after 20:00, waits for the next morning', () => {
    // Three replies late on Wednesday evening (20:15-20:45 EDT, answering the lead): a follow-up on Thursday must
    // wait until 20:15, which is past Florida's hours, so it goes out on Friday at 08:00.
    const sends = [at('2026-06-11T00:15:00Z'), at('2026-06-11T00:30:00Z'), at('2026-06-11T00:45:00Z')];
    const t = nextAllowedTime(at('2026-06-11T14:00:00Z'), { zone: NY, florida: true, recentSendsMs: sends }); // Thu 10:00
    assert.equal(wall(t, NY), '2026-06-12 Fri 08:00');
  });

  it('never lets a Florida number get a fourth message in any 24 hours, however eagerly it is asked', () => {
    const sends: number[] = [];
    let candidate = at('2026-06-08T12:00:00Z');
    for (let i = 0; i < 40; i++) {
      const t = nextAllowedTime(candidate, { zone: NY, florida: true, recentSendsMs: sends });
      assert.ok(t >= candidate);
      const hour = Number(wall(t, NY).slice(15, 17));
      assert.ok(hour >= 8 && hour < 20, `inside Florida hours: ${wall(t, NY)}`);
      sends.push(t);
      candidate = t + (i % 3) * 37 * 60_000 + 60_000; // one to 75 minutes later
    }
    for (const start of sends) assert.ok(sends.filter((s) => s >= start && s < start + DAY).length <= 3, `at most 3 from ${wall(start, NY)}`);
  });

  it('on a split area code keeps the hours of every zone it covers (850: Central and Eastern)', () => {
    const tz = resolveTimezone({ phone: '+18505550123', workspaceDefault: NY });
    assert.deepEqual(tz, { zone: 'America/Chicago', source: 'area-code', alsoZones: [NY] });
    // 19:30 in Pensacola is 20:30 in Tallahassee: too late in Florida.
    const t = nextAllowedTime(at('2026-06-11T00:30:00Z'), { zone: tz.zone, florida: true, alsoZones: tz.alsoZones });
    assert.equal(wall(t, 'America/Chicago'), '2026-06-11 Thu 08:00');
    assert.equal(wall(t, NY), '2026-06-11 Thu 09:00');
    // 07:30 in Pensacola is 08:30 in Tallahassee: still too early in Pensacola.
    assert.equal(wall(nextAllowedTime(at('2026-06-11T12:30:00Z'), { zone: tz.zone, florida: true, alsoZones: tz.alsoZones }), 'America/Chicago'), '2026-06-11 Thu 08:00');
  });
});

describe('daylight saving time (America/New_York 2026)', () => {
  const ny = { zone: NY, florida: false };

  it('spring forward (Sunday 8 March, a 23-hour day): the night moves to 08:00 EDT', () => {
    const t = nextAllowedTime(at('2026-03-08T06:30:00Z'), ny); // 01:30 EST
    assert.equal(wall(t, NY), '2026-03-08 Sun 08:00');
    assert.equal(t, at('2026-03-08T12:00:00Z'));
    // The day before, 21:30 EST goes to 08:00 EDT, 9.5 wall-clock hours but 9.5 - 1 real hours later.
    const evening = at('2026-03-08T02:30:00Z'); // Sat 21:30 EST
    assert.equal(nextAllowedTime(evening, ny) - evening, 9.5 * HOUR);
  });

  it('a wall time that does not exist (02:30 on 8 March) is read as 03:30 EDT', () => {
    assert.equal(zonedTimeToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY), at('2026-03-08T07:30:00Z'));
  });

  it('fall back (Sunday 1 November, a 25-hour day): the night moves to 08:00 EST', () => {
    const evening = at('2026-11-01T01:30:00Z'); // Sat 21:30 EDT
    const t = nextAllowedTime(evening, ny);
    assert.equal(wall(t, NY), '2026-11-01 Sun 08:00');
    assert.equal(t, at('2026-11-01T13:00:00Z'));
    assert.equal(t - evening, 11.5 * HOUR);
    // 01:30 happens twice that night; the earlier (EDT) one is meant.
    assert.equal(zonedTimeToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY), at('2026-11-01T05:30:00Z'));
  });

  it('business-day follow-ups across either change land at 10:00 local', () => {
    const cadence = { kind: 'business-days' as const, days: [1] };
    const beforeSpring = plannedFollowUpTime(at('2026-03-06T20:00:00Z'), 0, { ...ny, cadence }); // Fri 15:00 EST
    assert.equal(wall(beforeSpring!, NY), '2026-03-09 Mon 10:00');
    assert.equal(beforeSpring, at('2026-03-09T14:00:00Z'));
    const beforeFall = plannedFollowUpTime(at('2026-10-30T20:00:00Z'), 0, { ...ny, cadence }); // Fri 16:00 EDT
    assert.equal(wall(beforeFall!, NY), '2026-11-02 Mon 10:00');
    assert.equal(beforeFall, at('2026-11-02T15:00:00Z'));
  });

  it('Phoenix has no DST: 08:00 is 15:00 UTC all year', () => {
    const phx = { zone: 'America/Phoenix', florida: false };
    assert.equal(nextAllowedTime(at('2026-01-15T10:00:00Z'), phx), at('2026-01-15T15:00:00Z'));
    assert.equal(nextAllowedTime(at('2026-07-15T10:00:00Z'), phx), at('2026-07-15T15:00:00Z'));
  });
});

describe('the cadence (plannedFollowUpTime)', () => {
  const businessDays = { kind: 'business-days' as const, days: [1, 2, 4, 7] };
  const rules = { zone: NY, florida: false, cadence: businessDays };
  const fridayAfternoon = at('2026-06-12T19:00:00Z'); // Fri 15:00 EDT

  it('Friday afternoon + 1 business day is Monday 10:00; later attempts count business days', () => {
    assert.equal(wall(plannedFollowUpTime(fridayAfternoon, 0, rules)!, NY), '2026-06-15 Mon 10:00');
    assert.equal(wall(plannedFollowUpTime(fridayAfternoon, 1, rules)!, NY), '2026-06-16 Tue 10:00');
    assert.equal(wall(plannedFollowUpTime(fridayAfternoon, 2, rules)!, NY), '2026-06-18 Thu 10:00');
    assert.equal(wall(plannedFollowUpTime(fridayAfternoon, 3, rules)!, NY), '2026-06-23 Tue 10:00');
    assert.equal(plannedFollowUpTime(fridayAfternoon, 4, rules), null, 'cadence spent');
  });

  it('a reply on Saturday gets its follow-up on Monday', () => {
    assert.equal(wall(plannedFollowUpTime(at('2026-06-13T15:00:00Z'), 0, rules)!, NY), '2026-06-15 Mon 10:00');
    assert.equal(wall(plannedFollowUpTime(at('2026-06-14T23:30:00Z'), 0, rules)!, NY), '2026-06-15 Mon 10:00', 'Sunday evening too');
  });

  it('counts days in the lead’s zone: Friday 23:00 in Los Angeles is already Saturday in New York', () => {
    const t = plannedFollowUpTime(at('2026-06-13T06:00:00Z'), 0, { ...rules, zone: 'America/Los_Angeles' }); // Fri 23:00 PDT
    assert.equal(wall(t!, 'America/Los_Angeles'), '2026-06-15 Mon 10:00');
  });

  it('skips US federal holidays only when asked', () => {
    const thursday = at('2026-07-02T15:00:00Z'); // Independence Day 2026 is a Saturday, observed Friday 3 July
    assert.equal(wall(plannedFollowUpTime(thursday, 0, rules)!, NY), '2026-07-03 Fri 10:00');
    assert.equal(wall(plannedFollowUpTime(thursday, 0, { ...rules, holidays: 'us-federal' })!, NY), '2026-07-06 Mon 10:00');
    const fmt = (d: { year: number; month: number; day: number }) => `${d.month}/${d.day}`;
    assert.deepEqual(usFederalHolidays(2026).map(fmt), ['1/1', '1/19', '2/16', '5/25', '6/19', '7/3', '9/7', '10/12', '11/11', '11/26', '12/25']);
    assert.deepEqual(addBusinessDays({ year: 2026, month: 11, day: 25 }, 1, 'us-federal'), { year: 2026, month: 11, day: 27 });
  });

  it('an exact cadence (FOLLOW_UP_CADENCE=PT3S) in the daytime stays exactly +3 s', () => {
    const exact = { zone: NY, florida: false, cadence: { kind: 'exact' as const, ms: [3_000, 6_000] } };
    const noon = at('2026-06-10T16:00:00Z');
    assert.equal(plannedFollowUpTime(noon, 0, exact), noon + 3_000);
    assert.equal(plannedFollowUpTime(noon, 1, exact), noon + 6_000);
    assert.equal(plannedFollowUpTime(noon, 2, exact), null);
  });

  it('an exact cadence at night still waits for the morning (a lead at 02:00 is not woken)', () => {
    const exact = { zone: NY, florida: false, cadence: { kind: 'exact' as const, ms: [3_000] } };
    const t = plannedFollowUpTime(at('2026-06-10T05:59:58Z'), 0, exact); // 01:59:58 EDT
    assert.equal(wall(t!, NY), '2026-06-10 Wed 08:00');
  });

  it('stops at five attempts whatever the cadence, and on bad input', () => {
    const long = { zone: NY, florida: false, cadence: { kind: 'exact' as const, ms: [1, 2, 3, 4, 5, 6, 7].map((s) => s * 1000) } };
    const noon = at('2026-06-10T16:00:00Z');
    assert.equal(MAX_FOLLOW_UP_ATTEMPTS, 5);
    assert.notEqual(plannedFollowUpTime(noon, 4, long), null);
    assert.equal(plannedFollowUpTime(noon, 5, long), null);
    assert.equal(plannedFollowUpTime(noon, -1, long), null);
    assert.equal(plannedFollowUpTime(noon, 0, { ...long, cadence: { kind: 'exact', ms: [0] } }), null);
  });

  it('reads whole-day durations as business days and anything else as exact delays', () => {
    assert.deepEqual(cadenceFromDurations([DAY, 2 * DAY, 4 * DAY, 7 * DAY]), { kind: 'business-days', days: [1, 2, 4, 7] });
    assert.deepEqual(cadenceFromDurations([5_000, 10_000]), { kind: 'exact', ms: [5_000, 10_000] });
    assert.deepEqual(cadenceFromDurations([DAY, 12 * HOUR]), { kind: 'exact', ms: [DAY, 12 * HOUR] });
  });
});

describe('time zone of the lead (area codes)', () => {
  it('infers the zone from the area code', () => {
    const cases: [string, string][] = [
      ['+12125550123', 'America/New_York'],
      ['+14155550123', 'America/Los_Angeles'],
      ['+13055550123', 'America/New_York'],
      ['+19075550123', 'America/Anchorage'],
      ['+18085550123', 'Pacific/Honolulu'],
      ['+16025550123', 'America/Phoenix'],
      ['+14165550123', 'America/Toronto'],
      ['+13125550123', 'America/Chicago'],
      ['+13035550123', 'America/Denver'],
      ['+16045550123', 'America/Vancouver'],
      ['+19155550123', 'America/Denver'],
    ];
    for (const [phone, zone] of cases) assert.equal(timezoneForPhone(phone), zone, phone);
  });

  it('knows Florida numbers', () => {
    assert.equal(isFloridaNumber('+13055550123'), true);
    assert.equal(isFloridaNumber('+18505550123'), true, 'the Central-time panhandle is Florida too');
    assert.equal(isFloridaNumber('+12125550123'), false);
    for (const code of FLORIDA_AREA_CODES) assert.match(AREA_CODE_ZONES.get(code)!, /^America\/(New_York|Chicago)$/);
  });

  it('reads the usual ways of writing a number, and refuses non-NANP ones', () => {
    assert.equal(areaCodeOf('+1 (212) 555-0123'), '212');
    assert.equal(areaCodeOf('212.555.0123'), '212');
    assert.equal(areaCodeOf('1-212-555-0123'), '212');
    assert.equal(areaCodeOf('+442071234567'), null);
    assert.equal(areaCodeOf('+11125550123'), null, 'no area code starts with 1');
    assert.equal(areaCodeOf('555-0123'), null);
  });

  it('prefers the lead’s own zone, then the area code, then the workspace default', () => {
    assert.deepEqual(resolveTimezone({ leadTimezone: 'America/Denver', phone: '+12125550123', workspaceDefault: NY }), { zone: 'America/Denver', source: 'lead', alsoZones: [] });
    assert.deepEqual(resolveTimezone({ leadTimezone: 'Mars/Olympus', phone: '+14155550123', workspaceDefault: NY }), { zone: 'America/Los_Angeles', source: 'area-code', alsoZones: [] });
    assert.deepEqual(resolveTimezone({ leadTimezone: null, phone: '+19995550123', workspaceDefault: 'America/Chicago' }), { zone: 'America/Chicago', source: 'workspace', alsoZones: [] });
    assert.deepEqual(resolveTimezone({ phone: '+442071234567', workspaceDefault: 'America/Chicago' }), { zone: 'America/Chicago', source: 'workspace', alsoZones: [] });
    assert.deepEqual(resolveTimezone({ workspaceDefault: 'Nowhere' }), { zone: 'America/New_York', source: 'fallback', alsoZones: [] });
  });

  it('has a sound table: valid zones, NANP codes, split codes that exist', () => {
    const zones = new Set([...AREA_CODE_ZONES.values(), ...[...SPLIT_AREA_CODE_ZONES.values()].flat()]);
    for (const zone of zones) assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: zone }), zone);
    for (const code of AREA_CODE_ZONES.keys()) assert.match(code, /^[2-9]\d\d$/);
    for (const code of SPLIT_AREA_CODE_ZONES.keys()) assert.ok(AREA_CODE_ZONES.has(code), code);
    assert.ok(AREA_CODE_ZONES.size > 400);
    const regions = new Set(AREA_CODE_REGIONS.values());
    assert.ok(regions.size >= 51 + 10, 'every state, DC and the provinces');
  });
});

describe('stop rules (shouldFollowUp)', () => {
  const working = { status: 'IN_PROGRESS' as const, assignee: 'AGENT' as const, missingRequiredItems: 2, usableChannels: ['SMS' as const] };

  it('follows up while the agent works a lead that still owes items and can be reached', () => {
    assert.deepEqual(shouldFollowUp(working), { ok: true });
  });

  it('stops for completed, not interested, opted out, a human assignee, nothing missing, or no channel', () => {
    assert.deepEqual(shouldFollowUp({ ...working, status: 'COMPLETED' }), { ok: false, reason: 'The lead is completed' });
    assert.deepEqual(shouldFollowUp({ ...working, status: 'NOT_INTERESTED' }), { ok: false, reason: 'The lead is not interested' });
    assert.deepEqual(shouldFollowUp({ ...working, status: 'OPTED_OUT' }), { ok: false, reason: 'The lead opted out of every channel' });
    assert.deepEqual(shouldFollowUp({ ...working, assignee: 'HUMAN' }), { ok: false, reason: 'A person is working the lead' });
    assert.deepEqual(shouldFollowUp({ ...working, missingRequiredItems: 0 }), { ok: false, reason: 'Nothing required is missing' });
    assert.equal(shouldFollowUp({ ...working, usableChannels: [] }).ok, false);
  });
});
