// Checklist matching and the sentences sent to the lead: pure functions over verdicts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTemplate } from '../../src/checklist/templates';
import { describeForLead } from '../../src/documents/feedback';
import { matchToChecklist } from '../../src/documents/match';
import { rejection } from '../../src/documents/pipeline';
import type { AnalyzedSegment, ChecklistItemInput, DocumentAnalysis, DocumentType } from '../../src/documents/types';

const now = new Date('2026-04-01T12:00:00Z');

function items(templateCode: string): ChecklistItemInput[] {
  const t = findTemplate(templateCode)!;
  return t.groups.flatMap((g) => g.items).map((i) => ({ id: `item-${i.code}`, code: i.code, label: i.label, fieldType: i.fieldType, validationRules: i.validationRules, status: 'TODO' }));
}

function seg(type: DocumentType, fields: Record<string, unknown>, failedRules: [string, string][] = [], pages = [1]): AnalyzedSegment {
  const validationResults = [
    { ruleName: 'readable', isValid: true, isValidReason: 'ok' },
    ...failedRules.map(([ruleName, isValidReason]) => ({ ruleName, isValid: false, isValidReason })),
  ];
  return { type, confidence: 0.9, pages, fields, validation: { overallValid: failedRules.length === 0, validationResults }, summary: `${type}` };
}

function ok(...segments: AnalyzedSegment[]): DocumentAnalysis {
  return { kind: 'ok', sniffedMimeType: 'application/pdf', pageCount: segments.length, segments };
}

describe('documents: matching to the checklist', () => {
  const mortgage = items('personal-mortgage');
  const business = items('small-business-loan');

  it('fills the ID item with a valid licence, and marks an expired one INVALID with the reason', () => {
    const good = matchToChecklist(ok(seg('DRIVERS_LICENSE', { fullName: 'Dana Whitfield', expirationDate: '2029-07-14' })), mortgage, now);
    assert.deepEqual(good.map((m) => [m.itemId, m.status, m.segmentIndex]), [['item-government_id', 'COMPLETED', 0]]);
    assert.equal((good[0]!.value as { documentType: string }).documentType, 'DRIVERS_LICENSE');

    const expired = matchToChecklist(ok(seg('DRIVERS_LICENSE', { expirationDate: '2025-01-31' }, [['not_expired', 'Expired on 2025-01-31']])), mortgage, now);
    assert.equal(expired[0]!.status, 'INVALID');
    assert.match(expired[0]!.reason!, /Expired on 2025-01-31/);
  });

  it('applies item rules: recency, last tax year, and counts', () => {
    const stale = matchToChecklist(ok(seg('PAY_STUB', { payDate: '2026-01-15' })), mortgage, now);
    assert.equal(stale[0]!.itemId, 'item-pay_stubs');
    assert.equal(stale[0]!.status, 'INVALID');
    assert.match(stale[0]!.reason!, /76 days ago; we need one within 30 days/);

    // One recent stub is progress towards "2 most recent"; two complete the item.
    const one = matchToChecklist(ok(seg('PAY_STUB', { payDate: '2026-03-20' })), mortgage, now);
    assert.deepEqual([one[0]!.status, one[0]!.reason], ['NEEDS_REVIEW', '1 of 2 received']);
    const two = matchToChecklist(ok(seg('PAY_STUB', { payDate: '2026-03-20' }), seg('PAY_STUB', { payDate: '2026-03-06' }, [], [2])), mortgage, now);
    assert.equal(two[0]!.status, 'COMPLETED');
    const withEarlier = matchToChecklist(ok(seg('PAY_STUB', { payDate: '2026-03-20' })), mortgage, now, { alreadyAccepted: { 'item-pay_stubs': 1 } });
    assert.equal(withEarlier[0]!.status, 'COMPLETED');

    const oldW2 = matchToChecklist(ok(seg('W2', { taxYear: 2020 })), mortgage, now);
    assert.equal(oldW2[0]!.status, 'INVALID');
    assert.match(oldW2[0]!.reason!, /for 2020; we need the one for 2025/);
    assert.equal(matchToChecklist(ok(seg('W2', { taxYear: 2025 })), mortgage, now)[0]!.status, 'COMPLETED');
  });

  it('one file can fill several items; tax returns take a Schedule C, a 1099 only for review', () => {
    const m = matchToChecklist(ok(seg('BANK_STATEMENT', { periodEnd: '2026-03-15' }), seg('SCHEDULE_C', { taxYear: 2025 }), seg('DRIVERS_LICENSE', { expirationDate: '2030-01-01' })), business, now);
    const byItem = Object.fromEntries(m.map((x) => [x.itemId, x]));
    assert.equal(byItem['item-bank_statements']!.status, 'NEEDS_REVIEW'); // 1 of 3 months
    assert.equal(byItem['item-tax_returns']!.status, 'COMPLETED');
    assert.equal(byItem['item-tax_returns']!.segmentIndex, 1);
    assert.equal(byItem['item-owner_id']!.status, 'COMPLETED');
    const only1099 = matchToChecklist(ok(seg('FORM_1099', { taxYear: 2025 })), business, now);
    assert.equal(only1099[0]!.status, 'NEEDS_REVIEW');
    assert.match(only1099[0]!.reason!, /not a tax return/);
  });

  it('says "wrong document type" for the item the lead was asked for, and records rejected files', () => {
    const wrong = matchToChecklist(ok(seg('W9', { name: 'Dana Whitfield' })), mortgage, now, { expectedItemId: 'item-government_id' });
    assert.deepEqual(wrong.map((x) => [x.itemId, x.status]), [['item-government_id', 'INVALID']]);
    assert.match(wrong[0]!.reason!, /wrong document type: got W-9/);
    const locked = matchToChecklist(rejection('ENCRYPTED', 'stub.pdf', 'PDF is password-protected'), mortgage, now, { expectedItemId: 'item-pay_stubs' });
    assert.deepEqual(locked.map((x) => [x.status, x.segmentIndex]), [['INVALID', -1]]);
    assert.deepEqual(matchToChecklist(rejection('CORRUPT', 'x.pdf', 'bad'), mortgage, now), []);
  });
});

describe('documents: telling the lead', () => {
  const mortgage = items('personal-mortgage');
  it('acknowledges each file by name, says what it was taken as, what was wrong and what is missing', () => {
    const lic = ok(seg('DRIVERS_LICENSE', { expirationDate: '2025-01-31' }, [['not_expired', 'Expired on 2025-01-31']]));
    const w2 = ok(seg('W2', { taxYear: 2025 }));
    const locked = rejection('ENCRYPTED', 'paystub.pdf', 'PDF is password-protected');
    const blurry = rejection('UNREADABLE', 'IMG_2231.jpg', 'no text');
    const other = ok(seg('OTHER', {}, [['document_type_recognised', 'Not recognised']]));
    const w9 = ok(seg('W9', { name: 'x' }));
    const results = [
      { filename: 'license.jpg', analysis: lic, matches: matchToChecklist(lic, mortgage, now) },
      { filename: 'w2.pdf', analysis: w2, matches: matchToChecklist(w2, mortgage, now) },
      { filename: 'paystub.pdf', analysis: locked, matches: [] },
      { filename: 'IMG_2231.jpg', analysis: blurry, matches: [] },
      { filename: 'cat.png', analysis: other, matches: [] },
      { filename: 'w9.pdf', analysis: w9, matches: matchToChecklist(w9, mortgage, now) },
    ];
    const lines = describeForLead(results, { stillMissing: ['your 2 most recent pay stubs', 'your last 2 months of bank statements'] });
    assert.equal(lines.length, 7);
    assert.match(lines[0]!, /"license\.jpg".*driver's license.*expired on Jan 31, 2025.*current/);
    assert.match(lines[1]!, /"w2\.pdf".*2025 W-2.*Thanks/);
    assert.match(lines[2]!, /"paystub\.pdf".*password-protected.*unlocked copy/);
    assert.match(lines[3]!, /"IMG_2231\.jpg".*clearer photo/);
    assert.match(lines[4]!, /couldn't tell what "cat\.png" is/);
    assert.match(lines[5]!, /"w9\.pdf".*W-9.*isn't one of the items/);
    assert.equal(lines[6], 'Still needed: your 2 most recent pay stubs and your last 2 months of bank statements.');
    for (const l of lines) assert.ok(l.length <= 200, `SMS-sized: ${l}`);
  });

  it('summarises a bundle in one sentence when every part is fine, and explains stale documents', () => {
    const bundle = ok(seg('W2', { taxYear: 2025 }), seg('PAY_STUB', { payDate: '2026-03-20' }, [], [2]), seg('PAY_STUB', { payDate: '2026-03-06' }, [], [3]));
    const [line] = describeForLead([{ filename: 'docs.pdf', analysis: bundle, matches: matchToChecklist(bundle, mortgage, now) }]);
    assert.equal(line, 'Got "docs.pdf": a W-2 and 2 pay stubs. Thanks!');
    const mixed = ok(seg('W2', { taxYear: 2020 }), seg('FORM_1099', { taxYear: 2025 }, [], [2]), seg('FORM_1099', { taxYear: 2025 }, [], [3]));
    assert.deepEqual(describeForLead([{ filename: 'tax.pdf', analysis: mixed, matches: matchToChecklist(mixed, mortgage, now) }]), [
      'Got "tax.pdf": a W-2 and 2 1099s. The 1099s aren\'t on your list, so no action needed.',
      'The W-2 (page 1): it\'s for 2020. Could you send the one for 2025?',
    ]);
    const stale = ok(seg('PAY_STUB', { payDate: '2026-01-15' }));
    const [s] = describeForLead([{ filename: 'jan.pdf', analysis: stale, matches: matchToChecklist(stale, mortgage, now) }]);
    assert.match(s!, /"jan\.pdf".*dated Jan 15, 2026.*from the last 30 days/);
  });
});
