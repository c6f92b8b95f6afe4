import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkValue, parseAmount } from '../../src/checklist/values';
import { redactPii } from '../../src/policy/redact';

describe('checklist values stated in messages', () => {
  it('normalizes EINs and refuses impossible ones', () => {
    assert.deepEqual(checkValue('EIN', '12 3456789'), { ok: true, value: '12-3456789', display: '12-3456789' });
    assert.equal(checkValue('EIN', '07-1234567').ok, false);
    assert.equal(checkValue('EIN', '1234').ok, false);
  });
  it('reads money the way people write it', () => {
    assert.equal(parseAmount('about $250k'), 250_000);
    assert.equal(parseAmount('250,000 dollars'), 250_000);
    assert.equal(parseAmount('1.5 million'), 1_500_000);
    assert.equal(parseAmount('none'), null);
    assert.equal(parseAmount('I owe -500 on it'), null, 'a negative number is not an amount');
  });
  it('takes a NUMBER value only when the whole value is one positive number', () => {
    for (const [raw, value] of [[250000, 250000], ['250,000', 250000], ['$250k', 250000], ['1.2 million', 1200000], [' $1,200.50 ', 1200.5], ['75000 dollars', 75000]] as const) {
      assert.deepEqual((checkValue('NUMBER', raw) as any).value, value, String(raw));
    }
    for (const raw of [-500, '-250', 1e21, 1e-7, '1e21', 'minus 5', 'about 5 or 6', 0.001, Number.NaN, '3.5.1']) {
      assert.equal(checkValue('NUMBER', raw).ok, false, String(raw));
    }
  });
  it('parses US addresses and refuses partial ones', () => {
    assert.deepEqual((checkValue('ADDRESS', '12 Oak Street, Austin, tx 78701') as any).value, {
      street: '12 Oak Street', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US',
    });
    assert.equal(checkValue('ADDRESS', 'Austin').ok, false);
  });
  it('never lets a message fill a document item', () => {
    const r = checkValue('BANK_STATEMENT', 'I have them');
    assert.equal(r.ok, false);
  });
});

describe('PII redaction', () => {
  it('masks SSNs and account numbers, keeps EINs and short numbers', () => {
    assert.equal(redactPii('my ssn is 123-45-6789'), 'my ssn is ***-**-6789');
    assert.equal(redactPii('ssn 123456789'), 'ssn ***-**-6789');
    assert.equal(redactPii('acct 000123456789012'), 'acct ****9012');
    assert.equal(redactPii('EIN 12-3456789, loan 250000'), 'EIN 12-3456789, loan 250000');
  });
});
