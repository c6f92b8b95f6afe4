/** A fixed-offset IANA zone (Etc/GMT±N) where the local hour is `hour` right now: tests that need day or night. */
export function zoneAtLocalHour(hour: number, now = new Date()): string {
  for (let east = -12; east <= 14; east++) {
    if ((((now.getUTCHours() + east) % 24) + 24) % 24 === hour) return east === 0 ? 'Etc/GMT' : `Etc/GMT${east > 0 ? '-' : '+'}${Math.abs(east)}`;
  }
  throw new Error(`no zone has local hour ${hour}`);
}

/** The local hour of an instant in a zone. */
export function localHourIn(iso: string, zone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(new Date(iso)));
}
