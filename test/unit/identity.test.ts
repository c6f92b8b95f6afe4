import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEmail, normalizePhone } from '../../src/leads/identity';

describe('lead identity', () => {
  it('normalizes US phone numbers in any common format to E.164', () => {
    for (const raw of ['(512) 555-0101', '512-555-0101', '+1 512 555 0101', '15125550101', '+15125550101']) {
      assert.equal(normalizePhone(raw), '+15125550101', raw);
    }
    assert.equal(normalizePhone('+44 20 7946 0958'), '+442079460958');
  });
  it('rejects what is not a phone number', () => {
    for (const raw of ['', 'hello', '123', '+1 555 0101']) assert.equal(normalizePhone(raw), null, raw);
  });
  it('lowercases emails and reads "Name <address>"', () => {
    assert.equal(normalizeEmail(' Dana.Ruiz@Gmail.com '), 'dana.ruiz@gmail.com');
    assert.equal(normalizeEmail('"Dana Ruiz" <Dana@Example.com>'), 'dana@example.com');
    assert.equal(normalizeEmail('nobody'), null);
    assert.equal(normalizeEmail('a@b'), null);
  });
});
