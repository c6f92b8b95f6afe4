// Pure stages: sniffing, redaction, value parsing, classification, validation rules. No OCR, no PDFs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { classifyText } from '../../src/documents/classify';
import { closeNumberGaps } from '../../src/documents/extract/context';
import { extractFields } from '../../src/documents/extract/index';
import { repairDates } from '../../src/documents/extract/identity';
import { amountsIn, repairOcrAmounts } from '../../src/documents/extract/statements';
import { missingKeyFields, retryModes } from '../../src/documents/pipeline';
import type { PageContent } from '../../src/documents/types';
import { findDates, parseDate, parseMoney } from '../../src/documents/parse';
import { maskSsn, redactDocumentText } from '../../src/policy/redact';
import { sniff } from '../../src/documents/sniff';
import { einProblem, isPlaceholderName, namesMatch, ssnProblem, validateDocument } from '../../src/documents/validate';
import { HARD_RULES } from '../../src/documents/match';
import {
  LEAD,
  bankStatementLines,
  corruptPdf,
  form1040IrsLines,
  scheduleCIrsLines,
  form1040Lines,
  form1099NecLines,
  licenseLines,
  payStubLines,
  scheduleCLines,
  utilityBillLines,
  w2Lines,
} from '../support/document-fixtures';

describe('documents: sniffing', () => {
  it('tells formats by their bytes, not their names', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();
    const jpeg = await sharp(png).jpeg().toBuffer();
    const webp = await sharp(png).webp().toBuffer();
    assert.equal(sniff(png, 'a.png', 'image/png').kind, 'png');
    assert.equal(sniff(png, 'a.png', 'image/png').mislabelled, false);
    const j = sniff(jpeg, 'photo.png', 'image/png');
    assert.equal(j.kind, 'jpeg');
    assert.equal(j.mislabelled, true);
    assert.equal(j.mimeType, 'image/jpeg');
    assert.equal(sniff(webp, 'invoice.png', '').kind, 'webp');
    assert.equal(sniff(corruptPdf(), 'x.pdf', 'application/pdf').kind, 'pdf');
    assert.equal(sniff(new Uint8Array(0), 'x.pdf', 'application/pdf').kind, 'unknown');
    assert.equal(sniff(new TextEncoder().encode('hello there, this is text'), 'notes.txt', 'text/plain').kind, 'text');
    assert.equal(sniff(Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00'), 'IMG_1.HEIC', 'image/heic').kind, 'heic');
  });
});

describe('documents: redaction and values', () => {
  it('masks SSNs, EINs and account numbers but keeps dates and money', () => {
    const s = redactDocumentText('SSN 554-03-0876, EIN 63-0065650, acct 123456789012, paid $1,234.56 on 01/30/2020');
    assert.ok(!s.includes('554-03'), s);
    assert.ok(s.includes('***-**-0876'), s);
    assert.ok(s.includes('**-***5650'), s);
    assert.ok(s.includes('****9012'), s);
    assert.ok(s.includes('$1,234.56') && s.includes('01/30/2020'), s);
    assert.equal(maskSsn('554030876'), '***-**-0876');
  });
  it('parses money and dates the way documents print them', () => {
    assert.equal(parseMoney('$2,252.10'), 2252.1);
    assert.equal(parseMoney('(12.00)'), -12);
    assert.equal(parseDate('Pay Date 01/30/2020'), '2020-01-30');
    assert.equal(parseDate('Sep 24, 2019'), '2019-09-24');
    assert.equal(parseDate('07.09.2012'), '2012-07-09');
    assert.equal(parseDate('02/30/2020'), null);
    assert.deepEqual(findDates('DOB 08/31/1977 EXP 08/31/2014').map((d) => d.iso), ['1977-08-31', '2014-08-31']);
  });
});

describe('documents: classification', () => {
  const cases: [string, string[]][] = [
    ['PAY_STUB', payStubLines()],
    ['W2', w2Lines()],
    ['BANK_STATEMENT', bankStatementLines()],
    ['UTILITY_BILL', utilityBillLines()],
    ['UTILITY_BILL', ['AT&T', 'Page 1 of 3', 'Issue Date: Nov 02, 2026', 'DANA WHITFIELD', '42 OAK ST APT 3', 'AUSTIN, TX 78701-1234', 'Wireless statement', 'Total due $85.20', 'Autopay scheduled for Nov 20']],
    ['DRIVERS_LICENSE', licenseLines()],
    ['TAX_RETURN_1040', form1040Lines()],
    ['SCHEDULE_C', scheduleCLines()],
    ['FORM_1099', form1099NecLines()],
    ['STATE_ID', ['PENNSYLVANIA', 'IDENTIFICATION CARD', 'NOT FOR REAL ID PURPOSES', '4d IDN: 99 999 999', 'DOB 01/07/1973']],
    ['PASSPORT', ['PASSPORT', 'UNITED STATES OF AMERICA', 'Nationality USA', 'P<USAWHITFIELD<<DANA<<<<<<<<<<<<<<<<<<<<<<<<']],
    ['SCHEDULE_E', ['SCHEDULE E (Form 1040) 2024', 'Supplemental Income and Loss', 'Part I Income or Loss From Rental Real Estate and Royalties']],
    ['W9', ['Form W-9 Request for Taxpayer Identification Number and Certification', 'Federal tax classification']],
    ['INVOICE', ['CONTOSO LTD.', 'INVOICE', 'INVOICE: INV-100', 'BILL TO: Microsoft', 'SUBTOTAL $100.00', 'TOTAL DUE $610.00']],
    ['RECEIPT', ['Walmart', 'ST# 1234 OP# 9 TE# 2 TR# 1', 'SUBTOTAL 13.24', 'TOTAL 14.02', 'CASH TEND 20.00', 'CHANGE DUE 5.98']],
  ];
  for (const [type, lines] of cases) {
    it(`recognises ${type}`, () => {
      const c = classifyText(lines.join('\n'));
      assert.equal(c.type, type, JSON.stringify(c.scores));
      assert.ok(c.confidence >= 0.5, `confidence ${c.confidence}`);
    });
  }
  it('calls unrelated text OTHER, and a licence application form is not a licence', () => {
    assert.equal(classifyText('Dear team, the picnic is on Saturday. Bring snacks.').type, 'OTHER');
    const app = classifyText('DL-14A Application for Texas Driver License or Identification Card\nApplicant name\nDate of birth');
    assert.notEqual(app.type, 'DRIVERS_LICENSE');
    assert.notEqual(app.type, 'STATE_ID');
  });
});

describe('documents: validation rules', () => {
  const now = new Date('2026-04-01T00:00:00Z');
  it('checks SSN and EIN sanity', () => {
    assert.equal(ssnProblem('554-03-0876'), null);
    assert.match(ssnProblem('000-12-3456')!, /000/);
    assert.match(ssnProblem('666-12-3456')!, /666/);
    assert.match(ssnProblem('912-12-3456')!, /9xx/);
    assert.match(ssnProblem('123-45-6789')!, /advertising|sample/);
    assert.match(ssnProblem('078-05-1120')!, /advertising|sample/);
    assert.equal(einProblem('63-0065650'), null);
    assert.match(einProblem('07-1234567')!, /prefix/);
  });
  it('knows placeholder names and matches names loosely', () => {
    assert.ok(isPlaceholderName('Janice Sample'));
    assert.ok(isPlaceholderName('Jane Q Public'));
    assert.ok(isPlaceholderName('John Doe'));
    assert.ok(isPlaceholderName('Janeo Public'), 'OCR merged "JANE Q" into "JANEO": the family name still gives the specimen away');
    assert.ok(isPlaceholderName('PUBLIC, JOHN Q'));
    assert.ok(!isPlaceholderName('Richard Doe-Public Smith'));
    assert.ok(!isPlaceholderName('Samuel Doe'));
    assert.ok(!isPlaceholderName('Dana Whitfield'));
    assert.equal(namesMatch('DANA M WHITFIELD', LEAD), true);
    assert.equal(namesMatch('Whitfield Bakery LLC', LEAD), true);
    assert.equal(namesMatch('Dana Whi Tfi Eld', LEAD), true, 'OCR split the surname at its wide letters');
    assert.equal(namesMatch('Whit Field', LEAD), false, 'no first name');
    assert.equal(namesMatch('Daniel Kleeman', { firstName: 'Dan', lastName: 'Lee', businessName: null }), false, 'letters inside other words are no surname');
    assert.equal(namesMatch('Annette Smithson', { firstName: 'Ann', lastName: 'Smith', businessName: null }), false);
    assert.equal(namesMatch('Johnny Angus', { firstName: 'John', lastName: 'Ng', businessName: null }), false);
    assert.equal(namesMatch('Anastasia Hodges', LEAD), false);
    assert.equal(namesMatch('Anastasia Hodges', { firstName: null, lastName: null, businessName: null }), null);
  });
  it('flags an expired ID, a bad ZIP, and pay stubs that do not add up', () => {
    const id = validateDocument({
      type: 'DRIVERS_LICENSE',
      classificationConfidence: 0.9,
      extraction: { fields: { fullName: 'Dana Whitfield', documentNumber: 'X1', dateOfBirth: '1986-07-14', expirationDate: '2025-01-31', addressZip: '456789' }, secrets: {} },
      ocrConfidence: 88,
      textLength: 200,
      lead: LEAD,
      now,
    });
    const failed = id.validationResults.filter((r) => !r.isValid).map((r) => r.ruleName);
    assert.deepEqual(failed.sort(), ['not_expired', 'zip_format']);
    assert.equal(id.overallValid, false);
    const stub = validateDocument({
      type: 'PAY_STUB',
      classificationConfidence: 0.9,
      extraction: { fields: { employerName: 'X', employeeName: 'Dana Whitfield', payDate: '2026-03-20', grossPay: 2000, netPay: 1700, totalDeductions: 20, totalTaxes: 353 }, secrets: {} },
      textLength: 500,
      lead: LEAD,
      now,
    });
    const arith = stub.validationResults.find((r) => r.ruleName === 'paystub_arithmetic')!;
    assert.equal(arith.isValid, false);
    assert.match(arith.isValidReason, /1627\.00/);
  });
  it('checks that an address\'s ZIP is in its state; a ZIP the table does not know is no evidence', () => {
    const zipRule = (address: string) =>
      validateDocument({ type: 'UTILITY_BILL', classificationConfidence: 0.9, extraction: { fields: { accountHolder: 'Dana Whitfield', serviceAddress: address }, secrets: {} }, textLength: 500, lead: LEAD, now }).validationResults.find((r) => r.ruleName === 'zip_matches_state');
    assert.equal(zipRule('42 Oak St, Austin, TX 78701')?.isValid, true);
    assert.equal(zipRule('42 Oak St, Austin, TX 78701-1234')?.isValid, true);
    const wrong = zipRule('42 Oak St, Austin, TX 10001')!;
    assert.equal(wrong.isValid, false);
    assert.match(wrong.isValidReason, /ZIP 10001 is in NY, not TX/);
    assert.ok(!HARD_RULES.has('zip_matches_state'), 'a person looks; the lead is not told the address is wrong');
    assert.equal(zipRule('14466 Evolver Ave, Aurora, CO 80000')?.isValid, true, 'unknown to the table: not evidence');
  });
  it('does not call a pay stub wrong when only one of its totals was read: a person looks instead', () => {
    const stub = (fields: Record<string, unknown>) =>
      validateDocument({
        type: 'PAY_STUB',
        classificationConfidence: 0.9,
        extraction: { fields: { employerName: 'X', employeeName: 'Dana Whitfield', payDate: '2026-03-20', grossPay: 2000, ...fields }, secrets: {} },
        textLength: 500,
        lead: LEAD,
        now,
      }).validationResults.filter((r) => r.ruleName.startsWith('paystub_arithmetic'));
    // Taxes read, deductions not: the 20.00 gap may be the deductions.
    const gap = stub({ netPay: 1627, totalTaxes: 353 });
    assert.deepEqual(gap.map((r) => [r.ruleName, r.isValid]), [['paystub_arithmetic_partial', false]]);
    assert.match(gap[0]!.isValidReason, /deductions \(not read\)/);
    assert.ok(!HARD_RULES.has('paystub_arithmetic_partial'), 'never INVALID, never the lead told the stub is wrong');
    // Net above gross minus the taxes alone cannot be explained by anything unread.
    assert.deepEqual(stub({ netPay: 1700, totalTaxes: 353 }).map((r) => [r.ruleName, r.isValid]), [['paystub_arithmetic', false]]);
    assert.deepEqual(stub({ netPay: 1647, totalTaxes: 353 }).map((r) => [r.ruleName, r.isValid]), [['paystub_arithmetic', true]]);
  });
  it('does not call a photographed pay stub wrong for sums that fail: OCR may have misread a digit, so a person checks', () => {
    const rules = (ocrConfidence: number | undefined, fields: Record<string, unknown>) =>
      validateDocument({
        type: 'PAY_STUB',
        classificationConfidence: 0.9,
        ocrConfidence,
        extraction: { fields: { employerName: 'X', employeeName: 'Dana Whitfield', payDate: '2026-03-20', grossPay: 2000, totalDeductions: 20, totalTaxes: 353, ...fields }, secrets: {} },
        textLength: 500,
        lead: LEAD,
        now,
      }).validationResults.filter((r) => r.ruleName.startsWith('paystub_arithmetic')).map((r) => [r.ruleName, r.isValid]);
    assert.deepEqual(rules(94, { netPay: 1627, totalTaxes: 2000 }), [['paystub_arithmetic_ocr', false]], 'taxes 353.00 read as 2000');
    assert.deepEqual(rules(94, { netPay: 1627 }), [['paystub_arithmetic', true]]);
    assert.deepEqual(rules(undefined, { netPay: 1627, totalTaxes: 2000 }), [['paystub_arithmetic', false]], 'a text layer says what it says');
    assert.ok(!HARD_RULES.has('paystub_arithmetic_ocr'));
  });
  it('calls a W-9 blank only when it was read well; a poorly read one goes to a person', () => {
    const w9 = (ocrConfidence: number | undefined, tinBoxesRead = true) =>
      validateDocument({
        type: 'W9',
        classificationConfidence: 0.9,
        extraction: { fields: { name: 'Dana Whitfield', tinProvided: false }, secrets: {} },
        ...(ocrConfidence !== undefined && { ocrConfidence }),
        tinBoxesRead,
        textLength: 2000,
        lead: LEAD,
        now,
      }).validationResults.filter((r) => !r.isValid).map((r) => r.ruleName);
    assert.deepEqual(w9(undefined), ['tin_present'], 'a text layer or form fields that are empty are blank');
    assert.deepEqual(w9(89), ['tin_present'], 'a clean scan');
    assert.deepEqual(w9(58), ['tin_readable'], 'a phone photo of handwriting');
    assert.deepEqual(w9(89, false), ['tin_readable'], 'a clean scan whose boxes were not read on their own (PADDLE_OCR=off)');
  });
  it('flags unreadable OCR and a wrong name', () => {
    const v = validateDocument({
      type: 'W2',
      classificationConfidence: 0.9,
      extraction: { fields: { employeeName: 'Anastasia Hodges', employerName: 'X', employerEin: '63-0065650', taxYear: 2025, wages: 1 }, secrets: { ssn: '554-03-0876' } },
      ocrConfidence: 31,
      textLength: 300,
      lead: LEAD,
      now,
    });
    const failed = v.validationResults.filter((r) => !r.isValid).map((r) => r.ruleName);
    assert.ok(failed.includes('readable'));
    assert.ok(failed.includes('name_matches_lead'));
    assert.ok(!JSON.stringify(v).includes('554-03'), 'no SSN in validation output');
  });
});

function ocrPage(text: string): PageContent[] {
  return [{ page: 1, text, source: 'ocr', ocrConfidence: 60 }];
}

describe('documents: parsing that tolerates OCR slips', () => {
  const now = new Date('2022-06-01T00:00:00Z');

  it('closes the gaps OCR leaves after separators inside numbers, and leaves dates alone', () => {
    assert.equal(closeNumberGaps('$ 24, 000. 00  04- 3523567  412- 55-0192'), '$ 24,000.00  04-3523567  412-55-0192');
    assert.equal(closeNumberGaps('$ 1, 234, 567. 89'), '$ 1,234,567.89');
    assert.equal(closeNumberGaps('Sep 24, 2019 and 3. 5 hours, Suite 5, 250 Oak Ave'), 'Sep 24, 2019 and 3. 5 hours, Suite 5, 250 Oak Ave');
  });

  it('repairs decimal points read as a comma or a space, and skips rates', () => {
    assert.equal(repairOcrAmounts('TOTAL 144,02'), 'TOTAL 144.02');
    assert.equal(repairOcrAmounts('Total $19,647 68'), 'Total $19,647.68');
    assert.equal(repairOcrAmounts('Wages 1,234 hours 40'), 'Wages 1,234 hours 40', 'a thousands group has three digits');
    assert.deepEqual(amountsIn('TOTAL 144,02'), [144.02]);
    assert.deepEqual(amountsIn('GST     10.00%      15.50'), [15.5]);
    assert.deepEqual(amountsIn('Subtotal $1,250.00'), [1250]);
  });

  it('reads invoice and receipt totals through those slips', () => {
    const inv = extractFields('INVOICE', ocrPage(['INVOICE', 'Subtota     $22,379.39', 'GST   10.00%   15.50', 'Tota        $19,647 68', 'Amount Paid  $15,000.00'].join('\n')), now);
    assert.equal(inv.fields.total, 19647.68);
    assert.equal(inv.fields.tax, 15.5);
    const rc = extractFields('RECEIPT', ocrPage(['SHOP', 'SUBTOTAL 139.44', 'TOTAL 144,02', 'CASH TEND 150.02', '04/27/19 12:59:46'].join('\n')), now);
    assert.equal(rc.fields.total, 144.02);
    assert.equal(rc.fields.date, '2019-04-27');
  });

  it("repairs an invoice's vendor logo OCR broke into fragments from another reading, and never guesses it", () => {
    const vendor = (readings: string[][]) => extractFields('INVOICE', ocrPage(readings.flat().join('\n')), now).fields.vendorName;
    const first = ['Go   gle                        INVOICE', '#23413561D', 'Bill To:            Date    Sep 24, 2019', 'Total    $19,647.68'];
    assert.equal(vendor([first, ['Google', 'INVOICE', 'Bill To:']]), 'Google', 'the second reading has the lost letter');
    assert.equal(vendor([first]), null, 'fragments alone are not a name');
    assert.equal(vendor([first, ['Gorgeous Glue Co', 'INVOICE']]), null, 'letters must fill only the gap');
    assert.equal(vendor([['CONTOSO LTD.        INVOICE', 'Total $110.00']]), 'CONTOSO LTD.');
    assert.equal(vendor([['AB   InBev   INVOICE', 'Total $110.00']]), 'AB InBev', 'a long word is not a fragment');
  });

  it('takes a receipt\'s merchant from the name-shaped line, past promotions printed above the logo', () => {
    const merchant = (top: string[]) => extractFields('RECEIPT', ocrPage([...top, 'SUBTOTAL 139.44', 'TOTAL 144.02'].join('\n')), now).fields.merchant;
    const walmart = ['See backofrecelptforyourchance', 'to wIn S1000 ID#:7N5N1V1XCQDQ', 'Walmart ><', '317-851-1102 Mgr:JAMIE BROOKSHIRE', '882 S.STATE ROAD 135'];
    assert.equal(merchant([...walmart, 'Scan with Walmart app to save receipts']), 'Walmart');
    assert.equal(merchant(['Welcome to', 'TRADER JOE\'S', '1024 Main St']), 'TRADER JOE\'S');
    assert.equal(merchant(['Corner Bakery Cafe', '12 Elm St', 'Thank you for visiting']), 'Corner Bakery Cafe');
    assert.equal(merchant(['7-ELEVEN', 'STORE 34521', '1 Main St']), '7-ELEVEN', 'no name-shaped line: the first worded line');
  });

  it('reads ID card dates whose slashes became digits, and names between OCR specks', () => {
    assert.equal(repairDates('4a ISS 0171212016'), '4a ISS 01/12/2016');
    assert.equal(repairDates('DL 1234567890'), 'DL 1234567890', 'not date-shaped: a licence number stays');
    const f = extractFields(
      'DRIVERS_LICENSE',
      ocrPage(['MASSACHUSETTS DRIVER LICENSE', '4a ISS 0171212016', '3 DOB 01/12/1959', '4b EXP 01/12/2021', 'LIC S99988801', '+ SAMPLE |', ' CONNOR', '123 NORTH MAIN STREET', 'NORTH QUINCY, MA {2171-1748'].join('\n')),
      now,
    ).fields;
    assert.equal(f.fullName, 'Connor Sample');
    assert.equal(f.issueDate, '2016-01-12');
    assert.equal(f.expirationDate, '2021-01-12');
    assert.equal(f.documentNumber, 'S99988801');
    const bare = extractFields('DRIVERS_LICENSE', ocrPage(['DRIVER LICENSE', '0171212016', 'NORTH QUINCY, MA {2171-1748'].join('\n')), now).fields;
    assert.equal(bare.documentNumber, null, 'neither the date nor the bracketed ZIP is a licence number');
  });

  it('reads a licence name printed family name first with a comma ("WHITFIELD, DANA M")', () => {
    const f = extractFields(
      'DRIVERS_LICENSE',
      ocrPage(['NEW YORK STATE', 'DRIVER LICENSE', 'ID: 123 456 789', 'WHITFIELD, DANA M', '42 OAK STREET', 'ALBANY, NY 12207', 'DOB: 07/14/1986', 'Expires: 07/14/2030'].join('\n')),
      now,
    ).fields;
    assert.equal(f.familyName, 'Whitfield');
    assert.equal(f.givenName, 'Dana M');
    assert.equal(f.fullName, 'Dana M Whitfield');
  });

  it('reads photographed W-2s, bills and 1099s whose values OCR put under their labels', () => {
    const ocr = (type: 'W2' | 'UTILITY_BILL' | 'FORM_1099', lines: string[]) => extractFields(type, ocrPage(lines.join('\n')), now).fields;
    const w2 = ocr('W2', ['Form W-2 Wage and Tax Statement 2025', "a Employee's social security number", 'XXX-XX-0192', "c Employer's name, address, and ZIP code LAKESHORELOGISTICSINC",
      'LAKESHORELOGISTICSINC Social secumitywages Social secuity tax withheld', "© Employer's name, address, and ZIP code", 'LAKESHORE LOGISTICS INC', '2200 N CLYBOURN AVE', 'CHICAGO IL 60614',
      'T Wages, tips, other compensation', '52,014.22', '2 Federal income tax withheld', '5,104.66', 'Last name Suft', 'WHITFIELD', "© Employee's first name and initial", 'DANA M']);
    assert.deepEqual([w2.wages, w2.federalTaxWithheld, w2.ssnLast4, w2.employerName, w2.employeeName], [52014.22, 5104.66, '0192', 'LAKESHORE LOGISTICS INC', 'Dana M Whitfield']);
    assert.equal(ocr('UTILITY_BILL', ['MIDWEST POWER & LIGHT', 'Electric bill', 'Account Name: DANA WHITFIELD    Due Date   Dec 1, 2026', 'Amount due $118.42']).accountHolder, 'Dana Whitfield');
    assert.equal(ocr('UTILITY_BILL', ['CITY OF SPRINGFIELD', 'Customer Name  Accoumt No.  Billing Date', 'WHITFIELD BAKERY LLC  004418-0077  11/03/2026']).accountHolder, null, 'a header row is no name');
    assert.equal(classifyText(['Prairie Gas Company', 'Statement Date 11/10/2026', 'Total Amount Due $64.20', 'Gas Delivery Charges 30.10', 'Usage 48 therms'].join('\n')).type, 'UTILITY_BILL');
    const nec = ocr('FORM_1099', ['Form 1099-NEC 2025 Nonemployee Compensation', 'LAKESIDE CATERING LLC', 'PAYERS TIN        RECIPIENTS TIN', '47-2210953        XXX-XX-0192       $ 18,400.00']);
    assert.deepEqual([nec.payerTin, nec.recipientTinLast4], ['47-2210953', '0192']);
    // A stub's employer line runs into its title or its check's label.
    for (const top of ['LAKESHORE LOGISTICS INC Eamings Statement', 'LAKESHORE LOGISTICS INC CheckDate:11/13/2026']) {
      assert.equal(extractFields('PAY_STUB', ocrPage([top, 'Pay Date 11/13/2026', 'Gross Pay $2,536.50', 'Net Pay $1,759.16'].join('\n')), now).fields.employerName, 'LAKESHORE LOGISTICS INC', top);
    }
  });

  it("reads licences as states print them: numbers beside the next field, of letters and digits, labelled names, an expiry on the birthday", () => {
    const card = (lines: string[], type: 'DRIVERS_LICENSE' | 'STATE_ID' = 'DRIVERS_LICENSE') => extractFields(type, ocrPage(lines.join('\n')), now).fields;
    const tx = card(['TEXAS', 'DRIVER LICENSE', '4d DL 12345678   9 Class C', '1 NGUYEN', '2 MINH ANH', '8 2200 LAMAR BLVD', 'AUSTIN, TX 78705', '3 DOB 04/02/1991', '4b Exp 04/02/2031']);
    assert.deepEqual([tx.documentNumber, tx.address], ['12345678', '2200 Lamar Blvd, Austin, TX 78705'], "the class's field number is no part of the licence number");
    assert.equal(card(['MICHIGAN', 'DRIVER LICENSE', '4d DL S 123 456 789 012', '1 KOWALSKI', '2 ANNA', '8 55 ELM PLACE', 'LANSING, MI 48933']).documentNumber, 'S 123 456 789 012');
    assert.equal(card(['WASHINGTON', 'DRIVER LICENSE', '4d DL WDL7X9K2M4QB', '1 OLSEN', '2 KARI J', '8 12 WILLOW TERRACE', 'SPOKANE, WA 99201']).documentNumber, 'WDL7X9K2M4QB');
    assert.equal(classifyText(['WASHINGTON', 'IDENTICARD', 'ID NO. OLSENKJ123AB', 'DOB 01/02/1980', 'EXP 01/02/2030', 'SEX F HGT 5-06'].join('\n')).type, 'STATE_ID');
    // Names beside or under their labels; a permit's heading and the state's name are no names; a suffix follows the family name.
    assert.equal(card(['CALIFORNIA', 'INSTRUCTION PERMIT', 'LN PARK', 'FN ETHAN JAMES', '8 10 PINE ST', 'FRESNO, CA 93721']).fullName, 'Ethan James Park');
    assert.equal(card(['NORTH CAROLINA', 'DRIVER LICENSE', 'Last Name', 'HERNANDEZ', 'First Name', 'SOFIA ISABEL', '8 14 OAK DR', 'RALEIGH, NC 27601']).fullName, 'Sofia Isabel Hernandez');
    const co = card(['COLORADO', 'DRIVER LICENSE', 'LAST NAME: HERNANDEZ-RUIZ', 'FIRST NAME: SOFIA ISABEL', 'ADDRESS: 4100 E COLFAX AVE', 'DENVER, CO 80220']);
    assert.deepEqual([co.fullName, co.address], ['Sofia Isabel Hernandez-Ruiz', '4100 E Colfax Ave, Denver, CO 80220']);
    for (const number of ['DL 058123456', 'DL058123456']) assert.equal(card(['GEORGIA', number, 'MARCUS ANTHONY JOHNSON', '77 PEACHTREE CIRCLE', 'ATLANTA, GA 30303']).fullName, 'Marcus Anthony Johnson', number);
    const jr = card(['MISSOURI', 'DRIVER LICENSE', 'JAMES EARL CARTER JR', '1600 BROADWAY', 'KANSAS CITY, MO 64108']);
    assert.deepEqual([jr.fullName, jr.familyName, jr.address], ['James Earl Carter Jr', 'Carter', '1600 Broadway, Kansas City, MO 64108']);
    const ny = card(['NEW YORK STATE', 'DRIVER LICENSE', 'ID: 123 456 789', 'WHITFIELD, DANA M', '42 OAK STREET', 'ALBANY, NY 12207', 'DOB: 10/31/1990', 'EXPIRES: 10/31/29']);
    assert.deepEqual([ny.dateOfBirth, ny.expirationDate], ['1990-10-31', '2029-10-31'], 'a licence expires on the birthday');
    for (const back of ['DMV, PO BOX 942890, SACRAMENTO, CA 94290-0001', 'DMV,POBOX942890,SACRAMENTO,CA94290-0001']) {
      assert.equal(card(['CALIFORNIA', 'CLASS C', 'RESTRICTIONS NONE', back]).documentNumber, null, "the back's PO box and ZIP");
    }
    // What only resembles those (review): dashes OCR read as spaces, a customer id beside the real number, a state's
    // name as a surname, a different place further down.
    for (const [line, number] of [['DL W432 118 76 620 0', 'W432 118 76 620 0'], ['DL W432 118 76 620 0 CLASS E', 'W432 118 76 620 0'], ['DLN W123 4567 8901 23 EXP 01/02/2030', 'W123 4567 8901 23']]) {
      assert.equal(card(['WISCONSIN', 'DRIVER LICENSE', line!, '1 KOWALSKI', '8 4501 HIGHLAND AVE', 'MADISON, WI 53705']).documentNumber, number, line);
    }
    assert.equal(card(['WASHINGTON', 'GEORGE', '42 OAK STREET', 'SEATTLE, WA 98101', 'DL WDL7X9K2M4QB']).fullName, 'George Washington', 'no heading: the state is the surname');
    assert.equal(card(['ILLINOIS', 'DRIVER LICENSE', 'W43211876620', 'ID 1234ABCD', '1 KOWALSKI', '8 4501 HIGHLAND AVE', 'MADISON, WI 53705']).documentNumber, 'W43211876620');
    assert.equal(card(['WASHINGTON', 'DRIVER LICENSE', 'WASHINGTON', 'DENZEL JAMES', '4501 HIGHLAND AVE', 'SEATTLE, WA 98101']).fullName, 'Denzel James Washington');
    for (const zip of ['62723', '62703']) {
      const dmv = card(['ILLINOIS', 'DRIVER LICENSE', '1 KOWALSKI', '2 ANNA', '8 4501 HIGHLAND', 'SPRINGFIELD, IL 62704', 'If found return to', 'Secretary of State', '2701 S DIRKSEN PKWY', `SPRINGFIELD, IL ${zip}`]);
      assert.equal(dmv.address, 'Springfield, IL 62704', zip);
    }
  });

  it('reads a pay stub laid out like ADP\'s: employer over its address, employee over the mailing address, untotalled deductions', () => {
    const f = extractFields(
      'PAY_STUB',
      [{ page: 1, source: 'text-layer', text: [
        'Company Code RJ/ABC 12345678 Earnings Statement', 'BRIGHTLINE LOGISTICS LLC', '1200 Commerce Pkwy', 'Dallas, TX 75201',
        'Period Beginning: 10/27/2026', 'Period Ending: 11/09/2026', 'Pay Date: 11/13/2026',
        'DANA WHITFIELD', '42 OAK STREET', 'AUSTIN TX 78701',
        'Earnings rate hours this period year to date', 'Regular 31.2500 80.00 2,500.00 55,000.00', 'Overtime 46.8750 4.00 187.50 1,200.00',
        'Gross Pay $2,687.50 56,200.00',
        'Statutory Deductions this period year to date', 'Federal Income Tax -268.75 5,620.00', 'Social Security Tax -166.63 3,484.40',
        'Medicare Tax -38.97 814.90', 'TX State Income Tax 0.00 0.00',
        'Other Deductions', '401K -134.38 2,810.00', 'Medical -95.00 2,090.00', 'Net Pay $1,983.77',
      ].join('\n') }],
      now,
    ).fields;
    assert.equal(f.employerName, 'BRIGHTLINE LOGISTICS LLC');
    assert.equal(f.employeeName, 'Dana Whitfield');
    assert.equal(f.payDate, '2026-11-13');
    assert.equal(f.grossPay, 2687.5);
    assert.equal(f.ytdGross, 56200);
    assert.equal(f.totalTaxes, 474.35);
    assert.equal(f.totalDeductions, 229.38);
    assert.equal(f.netPay, 1983.77);
    // A section whose lines do not all carry both columns is not summed: a lone amount may be year-to-date.
    const ragged = extractFields('PAY_STUB', [{ page: 1, source: 'text-layer', text: ['ACME LLC', 'Pay Date: 11/13/2026', 'Gross Pay 1,000.00', 'Taxes', 'Federal 100.00 900.00', 'Medicare 814.90', 'Net Pay 800.00'].join('\n') }], now).fields;
    assert.equal(ragged.totalTaxes, null);
  });

  it('knows power, internet and phone bills from bank statements and invoices, and finds the address each serves', () => {
    const bills: Record<string, string[]> = {
      duke: ['DUKE ENERGY', 'Your Energy Bill', 'Bill date Dec 20, 2025', 'For service Nov 17 - Dec 16', 'Account number 9100 1234 5678', 'Service address', 'DANA WHITFIELD', '4503 JUBILEE DR', 'CHARLOTTE NC 28202', 'Amount due $118.74', 'Due by Jan 10'],
      // "Previous Balance" and "Statement Date" made this a bank statement.
      spectrum: ['Spectrum', 'Statement Date 01/05/26', 'Account Number 8245 12 345 0012345', 'Service At: DANA WHITFIELD', '12 ORCHARD LN', 'SPRINGFIELD IL 62704-1234',
        'Summary', 'Previous Balance 89.99', 'Payments Received -89.99', 'Remaining Balance $0.00', 'Spectrum Internet 79.99', 'WiFi Service 10.00', 'Total Due by 01/25/26 $89.99'],
      // "Invoice number" made this an invoice; it prints no service address, so the mailing address stands in.
      verizon: ['verizon', 'Bill date January 8, 2026', 'Account number 123456789-00001', 'Invoice number 8812345678', 'DANA WHITFIELD', '12 ORCHARD LN', 'SPRINGFIELD, IL 62704',
        'Your bill', 'Total amount due $132.40', 'Due Feb 1, 2026', 'Plan Unlimited Welcome'],
      water: ['City of Springfield Utilities', 'Water & Sewer Bill', 'Billing Date: 01/15/2026', 'Account No: 00123-4567', 'Customer Name: Dana Whitfield', 'Service Location: 12 Orchard Ln', 'Amount Due $79.50', 'Due Date 02/05/2026'],
    };
    const read = Object.fromEntries(Object.entries(bills).map(([k, lines]) => {
      const c = classifyText(lines.join('\n'));
      const f = extractFields('UTILITY_BILL', [{ page: 1, source: 'text-layer', text: lines.join('\n') }], now).fields;
      return [k, { type: c.type, sure: c.confidence > 0.5, holder: f.accountHolder, at: f.serviceAddress, due: f.dueDate, total: f.totalDue }];
    }));
    assert.deepEqual(read, {
      duke: { type: 'UTILITY_BILL', sure: true, holder: 'Dana Whitfield', at: '4503 JUBILEE DR, CHARLOTTE, NC 28202', due: '2026-01-10', total: 118.74 },
      spectrum: { type: 'UTILITY_BILL', sure: true, holder: 'Dana Whitfield', at: '12 ORCHARD LN, SPRINGFIELD, IL 62704-1234', due: '2026-01-25', total: 89.99 },
      verizon: { type: 'UTILITY_BILL', sure: true, holder: 'Dana Whitfield', at: '12 ORCHARD LN, SPRINGFIELD, IL 62704', due: '2026-02-01', total: 132.4 },
      water: { type: 'UTILITY_BILL', sure: true, holder: 'Dana Whitfield', at: '12 Orchard Ln', due: '2026-02-05', total: 79.5 },
    });
    // "Customer Service at 1-800-…" is no service address, no holder; "past due as of" is last bill's date.
    const austin = extractFields('UTILITY_BILL', [{ page: 1, source: 'text-layer', text: [
      'Austin Energy', 'Questions? Call Customer Service at 1-800-555-0100', 'Dana Whitfield', '88 Elm St', 'Austin, TX 78701', 'Bill Date: 01/05/2026',
      'Service Address: 12 Orchard Ln', 'Austin, TX 78702', 'Amount past due as of 12/15/2025 $0.00', 'Payment due Jan 25', 'Amount Due $143.10',
    ].join('\n') }], now).fields;
    assert.deepEqual([austin.accountHolder, austin.serviceAddress, austin.dueDate], ['Dana Whitfield', '12 Orchard Ln, Austin, TX 78702', '2026-01-25']);
    // A bank statement's payees and customer-service line, and an installer's invoice with line items, are no bills.
    const statement = classifyText(['JPMorgan Chase Bank, N.A.', 'Questions? Call Customer Service at 1-800-935-9935', 'Beginning Balance $3,210.44', 'Deposits and Additions 4,500.00',
      '12/03 SPECTRUM INTERNET AUTOPAY 89.99', '12/09 VERIZON WIRELESS BILL PAY 120.00', '12/14 DUKE ENERGY BILL PAY 118.74', 'Ending Balance $4,839.12'].join('\n'));
    assert.equal(statement.type, 'BANK_STATEMENT');
    const install = classifyText(['Bright Cabling LLC', 'INVOICE', 'Invoice Number: 1042 Invoice Date: 01/12/2026', 'Bill To: Dana Whitfield', 'Service Address: 12 Orchard Ln, Austin TX 78701',
      'Description Qty Unit Price Amount', 'Internet service installation (Spectrum) 1 150.00 150.00', 'Wi-Fi mesh setup 1 90.00 90.00', 'Subtotal 240.00', 'Amount Due: 240.00'].join('\n'));
    assert.equal(install.type, 'INVOICE');
  });

  it('finds the holder of a utility bill printed over the mailing address, without a label', () => {
    const f = extractFields('UTILITY_BILL', [{ page: 1, source: 'text-layer', text: ['Austin Energy', 'Your Utility Bill', 'Bill Date: 11/05/2026', 'DANA WHITFIELD', '42 OAK ST', 'AUSTIN TX 78701', 'Total Amount Due $112.45'].join('\n') }], now).fields;
    assert.equal(f.accountHolder, 'Dana Whitfield');
    assert.equal(f.provider, 'Austin Energy');
  });

  it('reads a pay stub laid out like Gusto\'s: headed blocks, and a summary whose lines are the totals', () => {
    const e = extractFields('PAY_STUB', [{ page: 1, source: 'text-layer', text: [
      'Pay stub', 'Pay period: Nov 1, 2026 - Nov 15, 2026', 'Pay Day: Nov 20, 2026',
      'Company', 'Brightline Logistics', '1200 Commerce Pkwy', 'Dallas, TX 75201',
      'Employee', 'Dana Whitfield', '42 Oak St', 'Austin, TX 78701',
      'Employee Gross Earnings', 'Description Rate Hours Current Year-To-Date', 'Regular Hours | Hourly $31.25 80.000 $2,500.00 $52,500.00',
      'Employee Taxes Withheld', 'Federal Income Tax $250.00 $5,250.00', 'Social Security $155.00 $3,255.00', 'Medicare $36.25 $761.25',
      'Employee Deductions', '401(k) $125.00 $2,625.00',
      'Summary', 'Gross Earnings $2,500.00 $52,500.00', 'Taxes $441.25 $9,266.25', 'Deductions $125.00 $2,625.00', 'Net Pay $1,933.75 $40,608.75',
    ].join('\n') }], now);
    assert.deepEqual(
      { er: e.fields.employerName, ee: e.fields.employeeName, gross: e.fields.grossPay, ytd: e.fields.ytdGross, taxes: e.fields.totalTaxes, ded: e.fields.totalDeductions, net: e.fields.netPay },
      { er: 'Brightline Logistics', ee: 'Dana Whitfield', gross: 2500, ytd: 52500, taxes: 441.25, ded: 125, net: 1933.75 },
    );
    const v = validateDocument({ type: 'PAY_STUB', classificationConfidence: 0.9, extraction: e, textLength: 500, lead: LEAD, now });
    assert.equal(v.validationResults.find((r) => r.ruleName === 'paystub_arithmetic')?.isValid, true);
  });

  it("reads QuickBooks', Paychex's and Paycom's pay stubs: two addresses and no labels, taxes headed \"Statutory\", one-amount summaries", () => {
    const stub = (lines: string[]) => {
      const e = extractFields('PAY_STUB', [{ page: 1, source: 'text-layer', text: lines.join('\n') }], now);
      const v = validateDocument({ type: 'PAY_STUB', classificationConfidence: 0.9, extraction: e, textLength: 500, lead: LEAD, now });
      const f = e.fields;
      return { er: f.employerName, ee: f.employeeName, gross: f.grossPay, taxes: f.totalTaxes, ded: f.totalDeductions, net: f.netPay, sums: v.validationResults.find((r) => r.ruleName === 'paystub_arithmetic')?.isValid };
    };
    // The employer's block, then the employee's, and no "Employee" heading: the employee is not the first line.
    assert.deepEqual(stub([
      'Whitfield Bakery LLC', '12 Orchard Lane', 'Springfield, IL 62704', 'Jordan Reyes', '42 Oak St', 'Austin, TX 78701', 'Employee ID: 1042', 'Pay Period: 01/18/2026 - 01/31/2026', 'Pay Date: 02/06/2026',
      'Net Pay: $1,684.32', 'PAY Hours Rate Current YTD', 'Regular Pay 80.00 25.00 2,000.00 6,000.00', 'Overtime Pay 4.00 37.50 150.00 150.00', 'Gross Pay $2,150.00 $6,150.00',
      'TAXES Current YTD', 'Federal Income Tax 185.20 555.60', 'Social Security 133.30 381.30', 'Medicare 31.18 89.18', 'IL Income Tax 106.43 304.43', 'Total Taxes $456.11 $1,330.51',
      'DEDUCTIONS Current YTD', 'Health Insurance 9.57 28.71', 'Total Deductions $9.57 $28.71', 'NET PAY $1,684.32 $4,790.78',
    ]), { er: 'Whitfield Bakery LLC', ee: 'Jordan Reyes', gross: 2150, taxes: 456.11, ded: 9.57, net: 1684.32, sums: true });
    assert.deepEqual(stub([
      'PAYCHEX', 'Earnings Statement', 'BRIGHTLINE LOGISTICS INC', '500 Commerce Dr', 'Naperville IL 60563', 'Check Date 01/30/2026', 'Period Beginning 01/12/2026', 'Period Ending 01/25/2026',
      'DANA WHITFIELD', '12 ORCHARD LN', 'SPRINGFIELD IL 62704', 'Earnings rate hours this period year to date', 'Regular 24.0000 80.00 1,920.00 3,840.00', 'Gross Pay $1,920.00 $3,840.00',
      'Deductions Statutory', 'Federal Income Tax -172.30 344.60', 'Social Security Tax -119.04 238.08', 'Medicare Tax -27.84 55.68', 'IL State Income Tax -95.04 190.08',
      'Other', '401K -96.00 192.00', 'Net Pay $1,409.78', 'Checking -1,409.78',
    ]), { er: 'BRIGHTLINE LOGISTICS INC', ee: 'Dana Whitfield', gross: 1920, taxes: 414.22, ded: 96, net: 1409.78, sums: true });
    assert.deepEqual(stub([
      'Paycom', 'Company: Brightline Logistics Inc.', 'Employee: Dana Whitfield', 'Pay Date: 01/30/2026', 'Period Start: 01/12/2026 Period End: 01/25/2026',
      'Gross Earnings 1,920.00 YTD 3,840.00', 'Taxes 414.22', 'Deductions 96.00', 'Net Pay 1,409.78',
    ]), { er: 'Brightline Logistics Inc.', ee: 'Dana Whitfield', gross: 1920, taxes: 414.22, ded: 96, net: 1409.78, sums: true });
    const tail = ['Pay Date: 01/30/2026', 'Gross Pay 1,920.00', 'Taxes 414.22', 'Deductions 96.00', 'Net Pay 1,409.78'];
    assert.equal(stub(['Brightline Logistics Inc', 'Company: Brightline Logistics Inc Employee: Dana Whitfield', ...tail]).er, 'Brightline Logistics Inc', 'the label ends at the next one');
    assert.equal(stub(['Brightline Logistics Inc', 'Earnings Statement', 'Company:', 'Employee ID: 1042', 'Employee: Dana Whitfield', ...tail]).er, 'Brightline Logistics Inc', 'an empty label takes nothing from the next line');
    const ytd = extractFields('PAY_STUB', [{ page: 1, source: 'text-layer', text: [
      'Brightline Logistics Inc', 'Employee: Dana Whitfield', 'Pay Date: 01/30/2026', 'Earnings Hours Rate Current YTD', 'Regular 80.00 24.00 1,920.00 3,840.00', 'Gross Pay $1,920.00 $3,840.00',
      'Taxes Current YTD', 'Federal 172.30 344.60', 'Total Taxes $172.30 $344.60', 'Total Deductions $96.00 $192.00', 'Net Pay $1,651.70',
    ].join('\n') }], now).fields;
    assert.equal(ytd.ytdGross, 3840, "the taxes' total is not the earnings'");
    // A photo read twice: the first reading's taxes total is garbled, so the second reading's counts, never the next
    // "Total" in the text (the second reading's earnings, $2,000.00).
    const stubLines = payStubLines();
    const garbled = stubLines.map((l) => (l === 'Total $353.00 $1,765.00' ? 'Total $353. 2 0s 765.0C' : l)).slice(0, -1);
    const twice = extractFields('PAY_STUB', [{ page: 1, source: 'ocr', text: [...garbled, ...stubLines].join('\n') }], now).fields;
    assert.deepEqual([twice.totalTaxes, twice.totalDeductions, twice.grossPay], [353, 20, 2000]);
  });

  it("reads Paylocity's, UKG's, Workday's, Gusto's and ADP's stubs: hours beside the amounts, subtotal rows, summary tables, banded headers", () => {
    const stub = (lines: string[]) => {
      const e = extractFields('PAY_STUB', [{ page: 1, source: 'text-layer', text: lines.join('\n') }], now);
      const v = validateDocument({ type: 'PAY_STUB', classificationConfidence: 0.9, extraction: e, textLength: 500, lead: LEAD, now });
      const f = e.fields;
      return { er: f.employerName, ee: f.employeeName, start: f.payPeriodStart, paid: f.payDate, gross: f.grossPay, ytd: f.ytdGross, taxes: f.totalTaxes, ded: f.totalDeductions, net: f.netPay, sums: v.validationResults.find((r) => r.ruleName === 'paystub_arithmetic')?.isValid };
    };
    const truth = { start: '2026-02-01', paid: '2026-02-20', gross: 2491.76, taxes: 407.28, ded: 214.59, net: 1869.89, sums: true };
    // Paylocity: hours before each amount of the gross line (86.67 was taken for the gross), and each section's
    // subtotal named after it ("Taxes 407.28"), which was added to the rows it sums (814.56).
    assert.deepEqual(stub([
      'Brightline Logistics LLC Check Date: 02/20/2026', '1200 Commerce Pkwy Voucher Number: 400417', 'Dallas, TX 75201 Net Pay: $1,869.89',
      'Dana Whitfield Period Beginning: 02/01/2026', '4120 Elm St Period Ending: 02/15/2026', 'Austin, TX 78704 Employee ID: 1044',
      'EARNINGS Rate Hours Amount YTD Hours YTD Amount', 'REG 28.7500 86.67 2,491.76 346.68 9,967.04', 'Gross Earnings 86.67 2,491.76 346.68 9,967.04',
      'TAXES Amount YTD', 'FITW 221.63 886.52', 'MED 35.19 140.76', 'SS 150.46 601.84', 'TX SITW 0.00 0.00', 'Taxes 407.28 1,629.12',
      'DEDUCTIONS Amount YTD', '401K 124.59 498.36', 'MED125 65.00 260.00', 'LIFE 25.00 100.00', 'Deductions 214.59 858.36',
    ]), { ...truth, er: 'Brightline Logistics LLC', ee: 'Dana Whitfield', ytd: 9967.04 });
    // UKG: "Total Hours 86.67" was the earnings' total; the Pay Summary table holds the sums.
    assert.deepEqual(stub([
      'Brightline Logistics LLC Pay Statement', '1200 Commerce Pkwy Period Start Date 02/01/2026', 'Dallas, TX 75201 Period End Date 02/15/2026', 'Pay Date 02/20/2026', 'Net Pay $1,869.89',
      'Pay Details', 'Dana Whitfield Employee Number 001044', '4120 Elm St SSN XXX-XX-0192', 'Austin, TX 78704 Job Warehouse Supervisor',
      'Earnings', 'Pay Type Hours Pay Rate Current YTD', 'Regular Pay 86.67 $28.7500 $2,491.76 $9,967.04', 'Total Hours 86.67',
      'Pay Summary', 'Gross FIT Taxable Wages Taxes Deductions Net Pay', 'Current $2,491.76 $2,302.17 $407.28 $214.59 $1,869.89', 'YTD $9,967.04 $9,208.68 $1,629.12 $858.36 $7,479.56',
    ]), { ...truth, er: 'Brightline Logistics LLC', ee: 'Dana Whitfield', ytd: 9967.04 });
    // Workday: a header table (headings over values) and a totals table, pre- and post-tax deductions added up.
    assert.deepEqual(stub([
      'Brightline Logistics LLC', 'Name Company Employee ID Pay Period Begin Pay Period End Check Date Check Number',
      'Dana Whitfield Brightline Logistics LLC 100442 02/01/2026 02/15/2026 02/20/2026 0012345',
      'Current and YTD Totals', 'Hours Worked Gross Pay Pre Tax Deductions Employee Taxes Post Tax Deductions Net Pay',
      'Current 86.67 2,491.76 189.59 407.28 25.00 1,869.89', 'YTD 346.68 9,967.04 758.36 1,629.12 100.00 7,479.56',
    ]), { ...truth, er: 'Brightline Logistics LLC', ee: null, ytd: 9967.04 });
    // Gusto's band: the company, the employee and the dates under one row of headings; deductions summed as pre-tax
    // and post-tax.
    assert.deepEqual(stub([
      'Company Employee Pay Period Pay Day', 'Brightline Logistics LLC Dana Whitfield Feb 1, 2026 - Feb 15, 2026 Feb 20, 2026', '1200 Commerce Pkwy XXX-XX-0192',
      'Summary', 'Description Current Year-To-Date', 'Gross Earnings $2,491.76 $9,967.04', 'Pre-Tax Deductions/Contributions $189.59 $758.36', 'Taxes $407.28 $1,629.12',
      'Post-Tax Deductions/Contributions $25.00 $100.00', 'Net Pay $1,869.89 $7,479.56',
    ]), { ...truth, er: 'Brightline Logistics LLC', ee: 'Dana Whitfield', ytd: 9967.04 });
    // ADP: its column header is no employer, and its filing status is no part of the name in the address window.
    const adp = stub(['CO. FILE DEPT. CLOCK VCHR. NO. 052', 'RJX 004417 100200 0000250371 1', 'Earnings Statement', 'BRIGHTLINE LOGISTICS LLC Period Starting: 02/09/2026',
      'Pay Date: 02/27/2026', 'Taxable Marital Status: Single DANA WHITFIELD', 'Exemptions/Allowances: 4120 ELM ST', 'Federal: 0 AUSTIN TX 78704', 'Gross Pay $2,407.81', 'Net Pay $1,785.44']);
    assert.deepEqual([adp.er, adp.ee], ['BRIGHTLINE LOGISTICS LLC', 'Dana Whitfield']);
  });

  it("reads Ally's and PNC's spending and reserve accounts, holders beside a right-hand column, and Truist's dated balances", () => {
    const statement = (lines: string[]) => extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: lines.join('\n') }], now).fields;
    const addr = ['4120 ELM ST', 'AUSTIN TX 78704-3012'];
    const ally = statement(['Ally Bank Statement Date 02/28/2026', 'Online ally.com', 'DANA WHITFIELD', ...addr,
      'Spending Account xxxxxx4417', 'Beginning Balance $2,184.37', 'Ending Balance $3,732.79', 'Online Savings xxxxxx8830', 'Beginning Balance $12,500.00', 'Ending Balance $12,537.84']);
    assert.deepEqual([ally.accountHolder, ally.beginningBalance, ally.endingBalance, (ally.accounts as unknown[]).length], ['Dana Whitfield', 14684.37, 16270.63, 2]);
    const pnc = statement(['Virtual Wallet Statement', 'PNC Bank', 'For the period 02/01/2026 to 02/28/2026', 'DANA WHITFIELD Primary account number: XX-XXXX-4417', ...addr,
      'Spend Account XX-XXXX-4417', 'Beginning balance 2,184.37', 'Ending balance 3,732.79', 'Reserve Account XX-XXXX-5520', 'Beginning balance 5,000.00', 'Ending balance 5,010.00']);
    assert.deepEqual([pnc.accountHolder, pnc.endingBalance], ['Dana Whitfield', 8742.79]);
    // Its one-account summary wraps each label in a narrow column.
    const wrapped = statement(['PNC Bank', 'For the period 10/01/2026 to 10/31/2026', 'Balance Summary', 'Beginning', 'balance 4,210.55', 'Deposits and', 'other additions 3,200.00', 'Ending', 'balance 4,600.44']);
    assert.deepEqual([wrapped.beginningBalance, wrapped.endingBalance], [4210.55, 4600.44]);
    for (const [line, bank] of [['DANA WHITFIELD Page: 1 of 3', 'TD Bank'], ['DANA WHITFIELD CitiPhone Banking(R) 1-888-248-4226', 'CITIBANK, N.A.'], ['DANA WHITFIELD 001', 'Regions Bank']]) {
      assert.equal(statement([bank, 'Statement Period: 02/01/2026 - 02/28/2026', line, ...addr, 'Ending Balance $3,732.79']).accountHolder, 'Dana Whitfield', line);
    }
    const truist = statement(['Truist Bank', 'Your account statement', 'Questions, comments or errors?', 'Mail: Truist Bank, Attn: Customer Service', 'For 02/28/2026',
      'Your previous balance as of 01/31/2026 $2,184.37', 'Deposits, credits and interest + 4,920.00', 'Your new balance as of 02/28/2026 = $3,732.79']);
    assert.deepEqual([truist.bankName, truist.periodStart, truist.periodEnd, truist.beginningBalance, truist.endingBalance], ['Truist Bank', '2026-02-01', '2026-02-28', 2184.37, 3732.79]);
  });

  it('those readings leave alone what only resembles them (review of the layouts above)', () => {
    const fields = (type: 'PAY_STUB' | 'BANK_STATEMENT', lines: string[]) => extractFields(type, [{ page: 1, source: 'text-layer', text: lines.join('\n') }], now).fields;
    const stub = (o: { gross?: string[]; extra?: string[]; earnHead?: string; taxes?: string[]; top?: string[] } = {}) => fields('PAY_STUB', [
      ...(o.top ?? ['ACME WIDGETS, INC.', '500 Industrial Way', 'Springfield IL 62701', 'EARNINGS STATEMENT', 'Employee: Dana Whitfield']), 'Pay Date 03/20/2026',
      o.earnHead ?? 'Earnings RATE HOURS CURRENT YTD', 'Regular 25.00 80.00 2,000.00 10,000.00', 'Total 80.00 $2,000.00 $10,000.00', ...(o.gross ?? []),
      'Deductions CURRENT YTD', 'Dental 20.00 100.00', 'Total $20.00 $100.00',
      ...(o.taxes ?? ['Taxes CURRENT YTD', 'Federal income tax 200.00 1,000.00', 'Social security 124.00 620.00', 'Medicare 29.00 145.00', 'Total $353.00 $1,765.00']),
      ...(o.extra ?? []), 'Net Pay $1,627.00',
    ]);
    // Amounts after the gross that are no hours and pay: the first is the gross (2,000), as before.
    for (const gross of ['Gross Pay $2,000.00 $10,000.00 Net Pay $1,627.00', 'Gross Pay: $2,000.00 Taxes: $353.00 Deductions: $20.00 Net Pay: $1,627.00', 'Gross Pay 2,000.00 1,650.00 10,000.00']) {
      assert.equal(stub({ gross: [gross] }).grossPay, 2000, gross);
    }
    assert.equal(stub({ earnHead: 'Earnings Rate Hours Amount YTD', gross: ['Total Gross 2,000.00 Total Taxes 353.00 Total Deductions 20.00 Net Pay 1,627.00'] }).grossPay, 2000);
    // A summary table's "Deductions" without a taxes column may hold the taxes: the section's total stands.
    assert.equal(stub({ extra: ['Pay Summary', 'Gross Pay Deductions Net Pay', 'Current 2,000.00 373.00 1,627.00', 'YTD 10,000.00 1,865.00 8,135.00'] }).totalDeductions, 20);
    // An item named with the section's word is no subtotal.
    assert.equal(stub({ taxes: ['Taxes CURRENT YTD', 'Taxes withheld - Federal 200.00 1,000.00', 'Social security 124.00 620.00', 'Medicare 29.00 145.00', 'Total $353.00 $1,765.00'] }).totalTaxes, 353);
    // "Department" ends a public employer's name; it is no right-hand column.
    const city = fields('PAY_STUB', ['City of Austin Police Department', '100 Congress Ave', 'Austin TX 78701', 'Pay Date 03/20/2026', 'DANA WHITFIELD', '4120 ELM ST', 'AUSTIN TX 78704', 'Gross Pay $2,000.00', 'Net Pay $1,627.00']);
    assert.equal(city.employeeName, 'Dana Whitfield');
    const statement = (holder: string[], rest = ['Beginning Balance $2,184.37', 'Ending Balance $3,732.79'], top = ['FIRST PRAIRIE BANK, N.A.', 'Statement Period: 02/01/2026 - 02/28/2026']) =>
      fields('BANK_STATEMENT', [...top, ...holder, '4120 ELM ST', 'AUSTIN TX 78704', ...rest]);
    // Joint holders and trade names in lower case stay whole.
    assert.match(String(statement(['DANA WHITFIELD or JOHN WHITFIELD']).accountHolder), /John Whitfield/i);
    assert.match(String(statement(['WHITFIELD BAKERY LLC dba Sweet Rolls']).accountHolder), /Sweet Rolls/i);
    assert.equal(statement(['BUSINESS BANKING Call 1-800-555-0100', 'DANA WHITFIELD']).accountHolder, 'Dana Whitfield');
    // An overdraft reserve is a credit line, not money on deposit.
    assert.equal(statement(['DANA WHITFIELD'], ['Everyday Checking XXXX4417', 'Beginning Balance $2,184.37', 'Ending Balance $3,732.79', 'Overdraft Reserve Account XXXX9981', 'Previous Balance $500.00', 'New Balance $750.00', 'Credit Limit $2,000.00']).endingBalance, 3732.79);
    assert.equal(statement(['DANA WHITFIELD'], undefined, ['FIRST PRAIRIE BANK E-Mail: help@fpb.com', 'Statement Period: 02/01/2026 - 02/28/2026']).bankName, 'FIRST PRAIRIE BANK E-Mail: help@fpb.com', 'an e-mail is no mailing address');
    const rewards = fields('BANK_STATEMENT', ['FIRST PRAIRIE BANK', 'DANA WHITFIELD', '4120 ELM ST', 'AUSTIN TX 78704', 'Rewards: your new balance as of 01/31/2026 is 1,200 points', 'Statement Date 02/28/2026', 'Ending Balance $3,732.79']);
    assert.equal(rewards.periodEnd, '2026-02-28', 'the statement date before any "new balance as of"');
  });

  it('reads bills, invoices and receipts as PG&E, Xfinity, Georgia Power, T-Mobile, QuickBooks, Square, Stripe and stores print them', () => {
    const read = (type: 'UTILITY_BILL' | 'INVOICE' | 'RECEIPT', lines: string[]) => extractFields(type, [{ page: 1, source: 'text-layer', text: lines.join('\n') }], now).fields;
    const due = (lines: string[]) => read('UTILITY_BILL', ['Austin Energy', ...lines]).totalDue;
    // Review: a merged summary line, amounts due after the due date or on something else, a two-amount row.
    assert.equal(due(['Previous balance $120.00     Amount due $98.40']), 98.4);
    assert.equal(due(['Amount due by Mar 2, 2026 $98.40', 'Total amount due after due date $108.40']), 98.4);
    assert.equal(due(['Amount Due by 03/02/2026 $98.40', 'Total amount due after 03/02/2026 $108.40']), 98.4);
    assert.equal(due(['Amount Due $98.40', 'Total amount due on previous bill $142.17']), 98.4);
    assert.equal(due(['Due Date Total Amount Due', '03/02/2026 $98.40 $0.00']), 98.4);
    const tax = (line: string) => read('INVOICE', ['Acme Supply Co.', 'Invoice 1001', line]).tax;
    assert.deepEqual([tax('Subtotal $500.00 Tax $41.25 Total $541.25'), tax('Tax Rate 8.25% Tax 41.25 Shipping 15.00')], [41.25, 41.25]);
    assert.equal(read('INVOICE', ['ACME BUILDERS LLC', 'INVOICE', 'Kitchen renovation 1 $4,500.00 $4,500.00', 'Subtotal 4,500.00', 'Sales Tax 371.25', 'Total 4,871.25']).tax, 371.25, 'no VAT in "renovation"');
    const customer = (lines: string[]) => read('INVOICE', ['Acme Supply Co.', 'Invoice 1001', ...lines, 'Total $100.00']).customerName;
    assert.equal(customer(['BILL TO: DANA WHITFIELD DBA DUE NORTH BAKERY']), 'DANA WHITFIELD DBA DUE NORTH BAKERY');
    assert.equal(customer(['BILL TO: TERMS & CONDITIONS LAW GROUP']), 'TERMS & CONDITIONS LAW GROUP');
    assert.equal(customer(['Payment will be billed to your card on file', 'Bill To:', 'Dana Whitfield']), 'Dana Whitfield');
    assert.equal(customer(['Bill To: Walla Walla Bakery']), 'Walla Walla Bakery');
    // The last bill's amount due is not this one's.
    assert.equal(read('UTILITY_BILL', ['PG&E ENERGY STATEMENT', 'Statement Date: 03/05/2026', 'Amount Due on Previous Statement $142.17', 'Payment(s) Received Since Last Statement -142.17', 'Total Amount Due by 03/26/2026 $162.28']).totalDue, 162.28);
    assert.equal(read('UTILITY_BILL', ['City of Austin Utilities', 'Previous Amount Due 156.21', 'Payments 156.21', 'Amount Due $148.96']).totalDue, 148.96);
    // Under an aging row's headings, the amount under "Amount Due".
    assert.equal(read('UTILITY_BILL', ['HILL COUNTRY PROPANE CO.', 'Current 1-30 Days 31-60 Days 61-90 Days Over 90 Amount Due', '325.85 25.00 0.00 0.00 0.00 350.85']).totalDue, 350.85);
    // The name on the payment coupon runs into its box; the remittance block is the company's.
    const xfinity = read('UTILITY_BILL', ['Xfinity', 'Statement Date 03/01/2026', 'COMCAST', 'PO BOX 60533', 'CITY OF INDUSTRY CA 91716-0533', 'DANA WHITFIELD Payment Due By Mar 23, 2026', '4120 ELM ST', 'AUSTIN TX 78704', 'Please pay by Mar 23, 2026', 'Amount Due $142.36']);
    assert.deepEqual([xfinity.accountHolder, xfinity.dueDate], ['Dana Whitfield', '2026-03-23']);
    assert.equal(read('UTILITY_BILL', ['Georgia Power Page 1 of 2', 'Electric bill', 'Bill Date 03/04/2026', 'Total Due $148.96']).provider, 'Georgia Power');
    const tmobile = read('UTILITY_BILL', ['T-Mobile', 'Bill period: Feb 15, 2026 - Mar 14, 2026', 'Account: 963214587 | Page 1 of 4', 'TOTAL DUE', '$142.36']);
    assert.deepEqual([tmobile.statementDate, tmobile.accountNumberLast4], ['2026-03-14', '4587']);
    // A tax line names its base before the tax; "Billed to" and "BILL TO SHIP TO" headings.
    assert.equal(read('INVOICE', ['Hill Country Web Services LLC', 'Invoice', 'Subtotal $500.00', 'Sales tax - Texas (8.25% on $500.00) $41.25', 'Total $541.25']).tax, 41.25);
    assert.equal(read('INVOICE', ['Eastside Catering Co.', 'Invoice #000118', 'Billed to Invoice date', 'Dana Whitfield March 2, 2026', 'Total $1,082.50']).customerName, 'Dana Whitfield');
    assert.equal(read('INVOICE', ['Lone Star Plumbing LLC', 'INVOICE', 'BILL TO SHIP TO INVOICE 1047', 'Dana Whitfield Dana Whitfield DATE 03/02/2026', 'TOTAL 1,623.79']).customerName, 'Dana Whitfield');
    assert.equal(read('RECEIPT', ['Final Details for Order #114-3941689-8772232', 'amazon.com', 'Order Placed: March 3, 2026', 'Order Total: $75.49']).merchant, 'Amazon.com');
    assert.equal(read('RECEIPT', ['Walmart', 'Save money. Live better.', 'Shop online at walmart.com', 'SUBTOTAL 41.20', 'TOTAL 44.60']).merchant, 'Walmart', 'a store receipt that mentions its web address');
    for (const receipt of [
      ['THE HOME DEPOT', '4120 S Lamar Blvd', 'SUBTOTAL 86.34', 'SALES TAX 7.12', 'TOTAL $93.46', 'XXXXXXXXXXXX4417 VISA USD$ 93.46'],
      ['Juniper & Rye', 'Ordered: 3/6/26 7:48 PM', 'Subtotal $86.00', 'Tax $7.10', 'Tip $18.00', 'Total $111.10', 'Visa xxxxxxxxxxxx4417 $111.10'],
    ]) assert.equal(classifyText(receipt.join('\n')).type, 'RECEIPT', receipt[0]);
    // A restaurant's card slip: its store number is no part of its name, the server's line no name at all.
    const slip = ['OLIVE GARDEN #1234', 'SERVER: AMY TABLE 12', 'SUBTOTAL 42.50', 'TAX 3.51', 'AMOUNT 46.01', 'TIP 8.00', 'TOTAL 54.01'];
    assert.deepEqual([read('RECEIPT', slip).merchant, read('RECEIPT', [slip[1]!, 'Olive Garden', ...slip.slice(2)]).merchant], ['OLIVE GARDEN', 'Olive Garden']);
    const check = ["JOE'S DINER", '45 OAK AVE, DALLAS TX 75201', 'Date: 11/18/2026', 'Server: Amy', 'Subtotal $31.20', 'Tax $2.57', 'Total $33.77', 'Tip: ______', 'Total: ______', 'Merchant copy'];
    assert.equal(classifyText(check.join('\n')).type, 'RECEIPT', 'a check with its tip left blank');
    assert.equal(read('RECEIPT', ['Order #2041', "JOE'S DINER", ...check.slice(1)]).merchant, "JOE'S DINER", "an order's number is no store's");
    assert.equal(read('RECEIPT', ['Store: Blue Bottle Coffee', ...check.slice(1)]).merchant, 'Store Blue Bottle Coffee');
    // A return's attachments lose the forms they quote; the substitute W-2 and a 1099 whose number OCR misread do not.
    assert.equal(classifyText(['Form 4852 Substitute for Form W-2, Wage and Tax Statement', "Employer's name ACME WIDGETS, INC.", 'Wages, tips, other compensation 52,000.00', 'Federal income tax withheld 5,200.00'].join('\n')).type, 'W2');
    assert.equal(classifyText(['Form 7099-INT 2025 Interest Income', "PAYER'S TIN 36-1234567 RECIPIENT'S TIN XXX-XX-0192", '1 Interest income 412.18'].join('\n')).type, 'FORM_1099');
  });

  it('names the bank of a statement that never prints "bank" at the top', () => {
    const f = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: ['Wells Fargo Everyday Checking', 'Account number: 1234567890', 'November 1, 2026 - November 30, 2026', 'DANA WHITFIELD', '42 OAK ST', 'AUSTIN TX 78701', 'Ending balance on 11/30 $2,233.55'].join('\n') }], now).fields;
    assert.equal(f.bankName, 'Wells Fargo');
    assert.equal(f.accountHolder, 'Dana Whitfield');
    const other = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: ['Statement of account', 'Relay Financial business checking', 'Ending balance $10.00'].join('\n') }], now).fields;
    assert.equal(other.bankName, 'Relay');
    const mercury = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: ['Mercury', 'Statement period: Oct 1 – Oct 31, 2026', 'Whitfield Bakery LLC', '123 Main St', 'Austin, TX 78701', 'Ending balance $20,436.65', 'Mercury is a financial technology company, not a bank. Banking services provided by Choice Financial Group and Evolve Bank & Trust, Members FDIC.'].join('\n') }], now).fields;
    assert.equal(mercury.bankName, 'Mercury', 'a name, not the sentence about the partner banks');
    assert.equal(mercury.accountHolder, 'Whitfield Bakery LLC');
  });

  it("dates a statement whose balances carry no year by its statement date, and knows a bank by its web address", () => {
    const wf = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: [
      'Everyday Checking', 'December 31, 2025 ■ Page 1 of 4', 'DANA WHITFIELD', '12 ORCHARD LN', 'SPRINGFIELD IL 62704', 'wellsfargo.com',
      'Activity summary', 'Beginning balance on 12/1 $3,210.44', 'Deposits/Additions 4,500.00', 'Ending balance on 12/31 $4,839.12', 'Account number: 1234568812',
    ].join('\n') }], now).fields;
    assert.deepEqual(
      { bank: wf.bankName, start: wf.periodStart, end: wf.periodEnd, ending: wf.endingBalance },
      { bank: 'Wells Fargo', start: '2025-12-01', end: '2025-12-31', ending: 4839.12 },
    );
    const overNewYear = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: ['Wells Fargo Everyday Checking', 'January 15, 2026', 'Beginning balance on 12/16 $10.00', 'Ending balance on 1/15 $20.00'].join('\n') }], now).fields;
    assert.deepEqual([overNewYear.periodStart, overNewYear.periodEnd], ['2025-12-16', '2026-01-15']);
    const capitalOne = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: ['Capital One', '360 Checking...8812', 'Dec 1 - Dec 31, 2025', 'Closing Balance $4,839.12'].join('\n') }], now).fields;
    assert.equal(capitalOne.accountNumberLast4, '8812', '"...8812" is a masked account number');
  });

  it('totals a statement that covers several accounts, and lists each (one account repeated in its detail counts once)', () => {
    const cu = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: [
      'Prairie Federal Credit Union', 'Statement Period: 12/01/25 - 12/31/25', 'DANA WHITFIELD', '12 ORCHARD LN', 'SPRINGFIELD IL 62704',
      'SHARE SAVINGS 0000', 'Previous Balance 25.00', 'New Balance 25.00', 'SHARE DRAFT CHECKING 0009', 'Previous Balance 3,185.44', 'Deposits 4,500.00', 'Withdrawals 2,871.32', 'New Balance 4,814.12',
    ].join('\n') }], now).fields;
    assert.deepEqual({ begin: cu.beginningBalance, end: cu.endingBalance, accounts: cu.accounts }, {
      begin: 3210.44, end: 4839.12,
      accounts: [{ account: 'SHARE SAVINGS 0000', beginningBalance: 25, endingBalance: 25 }, { account: 'SHARE DRAFT CHECKING 0009', beginningBalance: 3185.44, endingBalance: 4814.12 }],
    });
    const chase = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: [
      'JPMorgan Chase Bank, N.A.', 'December 01, 2025 through December 31, 2025', 'Primary Account: 000000123458812', 'DANA WHITFIELD', '12 ORCHARD LN', 'SPRINGFIELD IL 62704',
      'CHECKING SUMMARY Chase Total Checking', 'Beginning Balance $3,210.44', 'Ending Balance 15 $4,839.12',
      'TRANSACTION DETAIL', 'Beginning Balance $3,210.44', '12/05 Payroll Deposit 1,500.00 4,710.44', 'Ending Balance $4,839.12',
      'SAVINGS SUMMARY Chase Savings 000000987654321', 'Beginning Balance $10,000.00', 'Interest Paid 1.00', 'Ending Balance $10,001.00',
    ].join('\n') }], now).fields;
    assert.equal(chase.accountHolder, 'Dana Whitfield');
    assert.deepEqual({ begin: chase.beginningBalance, end: chase.endingBalance, accounts: chase.accounts }, {
      begin: 13210.44, end: 14840.12,
      accounts: [{ account: 'Chase Total Checking', beginningBalance: 3210.44, endingBalance: 4839.12 }, { account: 'Chase Savings …4321', beginningBalance: 10000, endingBalance: 10001 }],
    });
    assert.ok(!JSON.stringify(chase).includes('987654321'), 'no full account number');
    const one = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: bankStatementLines().join('\n') }], now).fields;
    assert.equal(one.accounts, undefined, 'one account: no list');
  });

  it('totals deposits only: a loan, a relationship roll-up and a daily-balance table are not accounts; grouped account numbers are masked', () => {
    const bank = (lines: string[], source: 'text-layer' | 'ocr' = 'text-layer') => extractFields('BANK_STATEMENT', [{ page: 1, source, text: ['First Prairie Bank', 'Statement Period: 12/01/2025 - 12/31/2025', 'DANA WHITFIELD', ...lines].join('\n') }], now).fields;
    const totals = (f: Record<string, unknown>) => [f.beginningBalance, f.endingBalance, (f.accounts as { account: string }[] | undefined)?.map((a) => a.account)];
    assert.deepEqual(totals(bank(['SHARE SAVINGS 0000', 'Previous Balance 25.00', 'New Balance 25.00', 'SHARE DRAFT CHECKING 0009', 'Previous Balance 3,185.44', 'New Balance 4,814.12', 'AUTO LOAN 0050', 'Previous Balance 15,000.00', 'Payment 300.00', 'New Balance 14,700.00'])),
      [3210.44, 4839.12, ['SHARE SAVINGS 0000', 'SHARE DRAFT CHECKING 0009']], 'a loan is no deposit');
    assert.deepEqual(totals(bank(['Relationship Summary', 'Beginning Balance $13,210.44', 'Ending Balance $14,840.12', 'Checking 8812', 'Beginning Balance $3,210.44', 'Ending Balance $4,839.12', 'Savings 4321', 'Beginning Balance $10,000.00', 'Ending Balance $10,001.00'])),
      [13210.44, 14840.12, ['Checking 8812', 'Savings 4321']], 'the roll-up is not counted again');
    assert.deepEqual(totals(bank(['SHARE SAVINGS 0000', 'Previous Balance 5.00', 'New Balance 5.00', 'CLUB SAVINGS 0002', 'Previous Balance 5.00', 'New Balance 5.00', 'SHARE DRAFT CHECKING 0009', 'Previous Balance 3,185.44', 'New Balance 4,814.12'])),
      [3195.44, 4824.12, ['SHARE SAVINGS 0000', 'CLUB SAVINGS 0002', 'SHARE DRAFT CHECKING 0009']], 'two accounts with the same balances are two');
    assert.deepEqual(totals(bank(['CHECKING SUMMARY', 'Beginning Balance $3,210.44', 'DAILY ENDING BALANCE', '12/05 3,500.00 12/10 4,000.00', 'Ending Balance $4,839.12', 'SAVINGS SUMMARY', 'Beginning Balance $100.00', 'Ending Balance $100.00'])),
      [3310.44, 4939.12, ['CHECKING', 'SAVINGS']], 'a daily balance is not the ending balance');
    const grouped = bank(['Checking Account 0012-3456-7890', 'Beginning Balance $3,210.44', 'Ending Balance $4,839.12', 'Savings Account 0012 3456 9999', 'Beginning Balance $10,000.00', 'Ending Balance $10,001.00']);
    assert.deepEqual(totals(grouped)[2], ['Checking Account …7890', 'Savings Account …9999']);
    assert.ok(!/3456/.test(JSON.stringify(grouped)), 'no full account number');
    const dots = bank(['Beginning Balance............3210.44', 'Ending Balance..............4839.12', 'Checking XXXXXX8812'], 'ocr');
    assert.deepEqual([dots.beginningBalance, dots.endingBalance, dots.accountNumberLast4], [3210.44, 4839.12, '8812'], 'leader dots are neither an amount\'s nor an account\'s');
    const wf = (lines: string[]) => extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: ['Wells Fargo Everyday Checking', 'DANA WHITFIELD', ...lines, 'Beginning balance on 12/1 $3,210.44', 'Ending balance on 12/31 $4,839.12'].join('\n') }], now).fields;
    assert.deepEqual([wf(['January 2, 2026']).periodStart, wf(['January 2, 2026']).periodEnd], ['2025-12-01', '2025-12-31'], 'dated in the new year');
    assert.equal(wf(['Customer since 03/14/2009']).periodEnd, null, 'a date years away is not the statement\'s');
    const email = extractFields('BANK_STATEMENT', [{ page: 1, source: 'text-layer', text: ['Prairie Statement', 'DANA WHITFIELD', 'dana.whitfield@chime.com', 'Ending balance $4,839.12'].join('\n') }], now).fields;
    assert.equal(email.bankName, null, "the customer's email names no bank");
  });

  it("takes a 1099's payer for its name, not a label or the form's title: \"Tin Roof Partners\", \"1st Source Bank\"", () => {
    const payer = (name: string, source: 'text-layer' | 'ocr', amount = '$ 12, 500. 00') => {
      const lines = source === 'ocr'
        ? ["PAYER'S name, street address, city or town, state or province, country, ZIP      OMB No. 1545-0116", `${name}                                      Form 1099-NEC`,
          '100 N Michigan St                                    For calendar year 2024', 'South Bend, IN 46601                                 Nonemployee Compensation',
          "PAYER'S TIN          RECIPIENT'S TIN", '35-0912345           412-55-0192', "RECIPIENT'S name", 'Dana Whitfield', '1 Nonemployee compensation', amount]
        : ['Form 1099-NEC 2024 Nonemployee Compensation', name, '100 N Michigan St', 'South Bend, IN 46601', '35-0912345 412-55-0192', 'Dana Whitfield', '1 Nonemployee compensation $12,500.00'];
      const f = extractFields('FORM_1099', [{ page: 1, source, text: lines.join('\n') }], now).fields;
      return [f.payerName, f.recipientName, (f.amounts as Record<string, number>).nonemployeeCompensation];
    };
    for (const name of ['Tin Roof Partners', '1st Source Bank']) {
      assert.deepEqual(payer(name, 'text-layer'), [name, 'Dana Whitfield', 12500]);
      assert.deepEqual(payer(name, 'ocr'), [name, 'Dana Whitfield', 12500]);
    }
    assert.deepEqual(payer('Tin Roof Partners', 'ocr', '$ 1, 250, 000. 00')[2], 1250000);
    // A brokerage names its payer on one labelled line and mails the statement to the recipient above the form.
    const brokerage = (top: string[]) => extractFields('FORM_1099', [{ page: 1, source: 'text-layer', text: [...top, "PAYER'S Name and Address: Charles Schwab & Co., Inc., 211 Main Street, San Francisco, CA 94105",
      "Payer's Federal ID Number: 94-1737782 Recipient's Identification Number: ***-**-0192", 'Dividends and Distributions 2025 Form 1099-DIV (OMB No. 1545-0110)', '1a Total Ordinary Dividends $ 2,216.48'].join('\n') }], now).fields;
    const schwab = brokerage(['2025 TAX REPORTING STATEMENT', 'DANA M WHITFIELD', '42 OAK STREET', 'SPRINGFIELD IL 62704']);
    assert.deepEqual([schwab.payerName, schwab.payerTin, schwab.recipientName, schwab.recipientTinLast4], ['Charles Schwab & Co., Inc.', '94-1737782', 'Dana M Whitfield', '0192']);
    // Its composite statement holds several forms: each one's boxes are read.
    const composite = brokerage(['Form 1099 Composite and Year-End Summary 2025', 'DANA M WHITFIELD', '42 OAK STREET', 'SPRINGFIELD IL 62704', 'Interest Income 2025 Form 1099-INT', '1 Interest Income $ 88.12']);
    assert.deepEqual([composite.variants, (composite.amounts as Record<string, number>).interestIncome], [['INT', 'DIV'], 88.12]);
    // One form whose note mentions a consolidated statement and another form is that one form (second review).
    const single = brokerage(['DANA M WHITFIELD', 'Your consolidated account statement: sales are reported on Form 1099-B.']);
    assert.deepEqual([single.variant, single.variants], ['DIV', undefined]);
    // Not whoever else has an address on it (review).
    const contact = extractFields('FORM_1099', [{ page: 1, source: 'text-layer', text: ["PAYER'S Name and Address: Kline Properties LLC, 12 Elm Street, Springfield, IL 62704", 'Form 1099-MISC Miscellaneous Information', '1 Rents 14,400.00', 'Questions? Contact', 'MARIA LOPEZ CPA', '300 Main Street', 'Springfield IL 62701'].join('\n') }], now).fields;
    assert.equal(contact.recipientName, null);
  });

  it('reads a 1040 and a Schedule C laid out like the IRS forms: values under their labels, amounts after line numbers', () => {
    const f = extractFields('TAX_RETURN_1040', [{ page: 1, source: 'text-layer', text: form1040IrsLines().join('\n') }], now).fields;
    assert.deepEqual(
      { name: f.taxpayerName, status: f.filingStatus, agi: f.adjustedGrossIncome, year: f.taxYear, ssn: f.ssnLast4 },
      { name: 'Dana M Whitfield', status: 'SINGLE', agi: 52310, year: 2024, ssn: '0192' },
    );
    // The IRS prints each box before its status: the X before "Married filing jointly" ticks that one.
    const joint = form1040IrsLines().map((l) => (/^X Single/.test(l) ? 'Single X Married filing jointly (even if only one had income) Married filing separately (MFS)' : l));
    assert.equal(extractFields('TAX_RETURN_1040', [{ page: 1, source: 'text-layer', text: joint.join('\n') }], now).fields.filingStatus, 'MARRIED_FILING_JOINTLY');
    const c = extractFields('SCHEDULE_C', [{ page: 1, source: 'text-layer', text: scheduleCIrsLines().join('\n') }], now).fields;
    assert.deepEqual(
      { name: c.proprietorName, business: c.businessName, what: c.principalBusiness, ein: c.ein, gross: c.grossReceipts, net: c.netProfit },
      { name: 'Dana Whitfield', business: 'WHITFIELD BAKERY LLC', what: 'BAKERY', ein: '36-4102983', gross: 184250, net: -1200 },
    );
    const e = extractFields('SCHEDULE_E', [{ page: 1, source: 'text-layer', text: ['SCHEDULE E (Form 1040) Supplemental Income and Loss 2024', 'Name(s) shown on return Your identifying number', 'DANA M WHITFIELD 412-55-0192'].join('\n') }], now).fields;
    assert.equal(e.taxpayerName, 'Dana M Whitfield');
  });

  it("reads a W-2 whose boxes were flattened onto the employer's lines", () => {
    const f = extractFields('W2', ocrPage([
      "a Employee's social security number 412-55-0192 OMB No. 1545-0008",
      'b Employer identification number (EIN) 36-4102983 1 Wages, tips, other compensation 52000.00 2 Federal income tax withheld 5200.00',
      "c Employer's name, address, and ZIP code 3 Social security wages 52000.00 4 Social security tax withheld 3224.00",
      'ACME WIDGETS INC 5 Medicare wages and tips 52000.00 6 Medicare tax withheld 754.00',
      '500 INDUSTRIAL WAY 7 Social security tips 8 Allocated tips',
      'SPRINGFIELD IL 62701',
      "e Employee's first name and initial Last name Suff. 11 Nonqualified plans 12a",
      'DANA WHITFIELD', '42 OAK STREET', 'AUSTIN TX 78701',
      'Form W-2 Wage and Tax Statement 2025',
    ].join('\n')), now).fields;
    assert.equal(f.employerName, 'ACME WIDGETS INC');
    assert.equal(f.employerAddress, '500 INDUSTRIAL WAY, SPRINGFIELD, IL 62701');
    assert.equal(f.employeeAddress, '42 OAK STREET, AUSTIN, TX 78701');
    assert.equal(f.employeeName, 'Dana Whitfield');
    assert.equal(f.medicareTaxWithheld, 754);
  });

  it('finds the W-9 name under a garbled line-1 label', () => {
    const f = extractFields('W9', ocrPage(['Form W-9 Request for Taxpayer', '1 Nama (as shown on your income tex remy). Name is required', 'Cameron Randall', '2 Business name'].join('\n')), now).fields;
    assert.equal(f.name, 'Cameron Randall');
  });

  it("reads a W-9's address from Paddle's run-together line, without the requester's column beside it", () => {
    const paddle = [
      '1 Name (as shown on your income tax return). Name is required on this line; do not leave this line blank.',
      'JANEDOE',
      "5 Address (number, street,and apt.or sulte no.) See instructions. Requester'sname and address (optlonal)",
      'ees 7WILSON STREET JOANNEJANG',
      '6City,state,and ZIP code',
      'GOSHEN,IN,46526 21OWEST AVE,PALOS,CA,9O2',
    ];
    const tesseract = ['1 Name (as shown on your income tax retum). Name Is required on this line; do not leave this line blank.', 'JANE DOE', '7) WILSON STREET', '&10SHEN ; IN, £526'];
    const f = extractFields('W9', ocrPage([...paddle, ...tesseract].join('\n')), now).fields;
    assert.equal(f.address, '7 WILSON STREET, GOSHEN IN 46526');
    assert.equal(f.name, 'Jane Doe', "Paddle's letters, spaced as tesseract read them");
    const unit = extractFields('W9', ocrPage(['1 Name (as shown on your income tax return)', 'Dana Whitfield', '5 Address (number, street, and apt. or suite no.)', '200 2nd Street NE Apt 4 Lee Holdings', '6 City, state, and ZIP code', 'Waseca, MN 56093'].join('\n')), now).fields;
    assert.equal(unit.address, '200 2nd Street NE Apt 4, Waseca MN 56093', 'a direction and a unit after the street type stay');
  });

  it('chooses extra OCR passes by document type, only while key fields are missing', () => {
    assert.deepEqual(retryModes({ type: 'DRIVERS_LICENSE', scores: {} }, 'x'), ['adaptive', 'sparse']);
    assert.deepEqual(retryModes({ type: 'OTHER', scores: { DRIVERS_LICENSE: 3 } }, 'short card text'), ['adaptive', 'sparse']);
    assert.deepEqual(retryModes({ type: 'RECEIPT', scores: {} }, 'x'), ['block']);
    assert.deepEqual(retryModes({ type: 'W9', scores: {} }, 'x'), ['adaptive']);
    assert.deepEqual(missingKeyFields('RECEIPT', { total: 12.5, date: null }), ['date']);
    assert.deepEqual(missingKeyFields('INVOICE', { total: 10, vendorName: 'Acme' }), []);
    assert.deepEqual(missingKeyFields('INVOICE', { total: 10, vendorName: null }), ['vendorName']);
    assert.deepEqual(missingKeyFields('W9', {}), ['name', 'address']);
  });
});
