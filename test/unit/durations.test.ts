import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseDurationList } from '../../src/durations';

describe('ISO-8601 follow-up cadences', () => {
  it('reads days, hours, minutes, seconds and weeks', () => {
    assert.equal(parseDuration('PT3S'), 3_000);
    assert.equal(parseDuration('P1D'), 86_400_000);
    assert.equal(parseDuration('P1DT12H'), 129_600_000);
    assert.equal(parseDuration('PT1M30S'), 90_000);
    assert.equal(parseDuration('P2W'), 1_209_600_000);
    assert.equal(parseDuration('PT0.5S'), 500);
  });
  it('reads a comma-separated list', () => {
    assert.deepEqual(parseDurationList('PT3S, PT6S'), [3_000, 6_000]);
  });
  it('refuses calendar units, zero, negatives and junk, saying what is wrong', () => {
    assert.throws(() => parseDuration('P1M'), /weeks, days/);
    assert.throws(() => parseDuration('P1Y'), /weeks, days/);
    assert.throws(() => parseDuration('PT0S'), /longer than zero/);
    assert.throws(() => parseDuration('-P1D'), /weeks, days/);
    assert.throws(() => parseDuration('3 days'), /not an ISO-8601 duration/);
    assert.throws(() => parseDurationList(' , '), /at least one/);
  });
});
