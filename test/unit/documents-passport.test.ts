// Passports: the machine-readable zone (ICAO 9303) is read and its check digits decide which values to trust.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFields } from '../../src/documents/extract/index';
import { readMrz } from '../../src/documents/extract/mrz';
import type { PageContent } from '../../src/documents/types';
import { validateDocument } from '../../src/documents/validate';
import { LEAD, passportLines, passportMrz } from '../support/document-fixtures';

const now = new Date('2026-04-01T00:00:00Z');
const page = (lines: string[]): PageContent[] => [{ page: 1, text: lines.join('\n'), source: 'ocr', ocrConfidence: 85 }];
const fieldsOf = (lines: string[]) => extractFields('PASSPORT', page(lines), now).fields;
function rules(fields: Record<string, unknown>) {
  const v = validateDocument({ type: 'PASSPORT', classificationConfidence: 0.9, extraction: { fields, secrets: {} }, lead: LEAD, now, ocrConfidence: 85, textLength: 500 });
  return Object.fromEntries(v.validationResults.map((r) => [r.ruleName, r]));
}

describe('documents: passports', () => {
  it('reads the name, number and dates of a passport page, and says its machine-readable zone checks out', () => {
    const f = fieldsOf(passportLines());
    assert.equal(f.fullName, 'Dana Marie Whitfield');
    assert.equal(f.familyName, 'Whitfield');
    assert.equal(f.documentNumber, '963545637');
    assert.equal(f.dateOfBirth, '1986-03-15');
    assert.equal(f.expirationDate, '2027-04-14');
    assert.equal(f.issuingCountry, 'USA');
    assert.equal(f.mrzValid, true);
    const r = rules(f);
    assert.equal(r.mrz_check_digits?.isValid, true);
    assert.equal(r.name_matches_lead?.isValid, true);
    assert.equal(r.required_fields?.isValid, true);
  });

  it('takes checked values from the machine-readable zone over a misread visual zone', () => {
    const lines = passportLines().map((l) => (l === 'WHITFIELD' ? 'WH1TF1ELO' : l.startsWith('Date of birth') ? 'Date of birth 15 Mar 1966' : l));
    const f = fieldsOf(lines);
    assert.equal(f.fullName, 'Dana Marie Whitfield');
    assert.equal(f.dateOfBirth, '1986-03-15');
  });

  it('reads a zone OCR spread with spaces and guillemets', () => {
    const [l1, l2] = passportMrz({ family: 'OKAFOR', given: 'CHIDI', number: 'X1234567', dob: '040229', sex: 'M', exp: '310101' });
    const ocrd = [l1.replace(/<<<<<</, '«<«<').replace('OKAFOR', 'OKA FOR'), `${l2.slice(0, 20)} ${l2.slice(20)}`];
    const m = readMrz(ocrd, now)!;
    assert.equal(m.familyName, 'Okafor');
    assert.equal(m.givenName, 'Chidi');
    assert.equal(m.documentNumber, 'X1234567');
    assert.equal(m.dateOfBirth, '2004-02-29', 'a birth year is in the past: 04 is 2004');
    assert.equal(m.expirationDate, '2031-01-01');
    assert.deepEqual(m.failed, []);
  });

  it('reads filler blurred into letters, and a line PaddleOCR cut short', () => {
    const [l1, l2] = passportMrz({ family: 'OKAFOR', given: 'CHIDI', number: 'X1234567', dob: '040229', sex: 'M', exp: '310101' });
    const m = readMrz([l1.replace(/<<<<<<<<<<</, '<ccccCeeKKc'), l2.replace(/<<<<<<<<<<<<<</, '<<<cccccccc<<<')], now)!;
    assert.equal(m.givenName, 'Chidi');
    assert.deepEqual(m.failed, []);
    const short = readMrz([l1.slice(0, 38), l2], now)!;
    assert.equal(short.familyName, 'Okafor');
    assert.deepEqual(short.failed, []);
  });

  it('keeps the printed name when the zone\'s name (which has no check digit) came out garbled', () => {
    const lines = passportLines();
    const i = lines.length - 2;
    lines[i] = lines[i]!.replace(/<<<<<<<<<<<<<<<<<<$/, '<ccccccccccccccce'.padEnd(18, 'c'));
    const f = fieldsOf(lines);
    assert.equal(f.fullName, 'Dana Marie Whitfield');
  });

  it('flags a zone whose check digits fail, and keeps the visual zone for what they guard', () => {
    const lines = passportLines();
    const i = lines.length - 1;
    lines[i] = lines[i]!.slice(0, 13) + '8603160' + lines[i]!.slice(20); // birth date altered, check digit kept
    const f = fieldsOf(lines);
    assert.equal(f.mrzValid, false);
    assert.deepEqual(f.mrzFailed, ['Birth date check digit', 'Composite check digit']);
    assert.equal(f.dateOfBirth, '1986-03-15', 'the visual zone date, not the altered one');
    const r = rules(f);
    assert.equal(r.mrz_check_digits?.isValid, false);
    assert.match(r.mrz_check_digits!.isValidReason, /Birth date check digit/);
  });

  it('reads the three-line zone of a passport card (TD1, ICAO\'s specimen)', () => {
    const m = readMrz(['PASSPORT CARD', 'I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'], now)!;
    assert.deepEqual(
      { family: m.familyName, given: m.givenName, number: m.documentNumber, dob: m.dateOfBirth, exp: m.expirationDate, failed: m.failed },
      { family: 'Eriksson', given: 'Anna Maria', number: 'D23145890', dob: '1974-08-12', exp: '2012-04-15', failed: [] },
    );
  });

  it("reads a German passport: day-first dates, and a zone's number whose O and 0 OCR swapped, by its check digit", () => {
    const [l1, l2] = passportMrz({ family: 'MUELLER', given: 'ANNA', number: 'C01X00T47', nationality: 'D<<', dob: '840812', exp: '310202' });
    const visual = ['REISEPASS / PASSPORT / PASSEPORT', 'BUNDESREPUBLIK DEUTSCHLAND', 'Name/Surname', 'MUELLER', 'Vornamen/Given names', 'ANNA', 'Geburtstag/Date of birth', '12.08.1984', 'Ausstellungsdatum/Date of issue', '03.02.2021', 'Gültig bis/Date of expiry', '02.02.2031'];
    const f = fieldsOf([...visual, l1, l2.replace('C01X00T47', 'CO1X00T47')]);
    assert.deepEqual([f.documentNumber, f.dateOfBirth, f.issueDate, f.mrzValid], ['C01X00T47', '1984-08-12', '2021-02-03', true]);
    // Without the zone, the visual zone's dates are still day first.
    assert.deepEqual([fieldsOf(visual).dateOfBirth, fieldsOf(visual).issueDate], ['1984-08-12', '2021-02-03']);
    assert.equal(fieldsOf(['PASSPORT / PASSEPORT CANADA', 'Surname / Nom', 'TREMBLAY', 'Date of issue / Date de délivrance', '03 FEB /FÉV 2021']).issueDate, '2021-02-03');
    // A number of digits whose check digit was misread is not spelt with letters until one checks (review).
    const [u1, u2] = passportMrz({ family: 'WHITFIELD', given: 'DANA', number: '501013472', dob: '860315', exp: '310414' });
    for (const wrong of '0123456789'.replace(u2[9]!, '')) {
      const m = readMrz([u1, u2.slice(0, 9) + wrong + u2.slice(10)], now)!;
      assert.equal(m.documentNumber, null, `check digit read as ${wrong}`);
    }
  });

  it('reads the name from the visual zone when no machine-readable zone is there, and never invents one', () => {
    const f = fieldsOf(passportLines().slice(0, -2));
    assert.equal(f.fullName, 'Dana Marie Whitfield');
    assert.equal(f.mrzValid, undefined);
    assert.equal(readMrz(['INVOICE <<< 44', 'P<USA'], now), null);
  });
});
