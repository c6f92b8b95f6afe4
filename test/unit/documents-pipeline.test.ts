// The pipeline end to end on generated fixtures: text PDFs, a multi-document PDF, OCR of images and of an
// image-only PDF, orientation, and every kind of bad file (each must give a verdict and a message, never a crash).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { OcrPool } from '../../src/documents/ocr-pool';
import { hasUsableText, readPdfText, renderPdfPage } from '../../src/documents/pdf-text';
import { classifyText } from '../../src/documents/classify';
import { extractFields } from '../../src/documents/extract/index';
import { analyzeDocument } from '../../src/documents/pipeline';
import { segmentPages } from '../../src/documents/segment';
import type { AnalyzedSegment, DocumentAnalysis } from '../../src/documents/types';
import {
  LEAD,
  bankStatementLines,
  corruptPdf,
  corruptPng,
  form1099NecLines,
  licenseLines,
  makeTextImage,
  makeTextPdf,
  passportLines,
  payStubLines,
  photograph,
  rawPdf,
  renderPdf,
  scheduleCLines,
  utilityBillLines,
  w2Lines,
} from '../support/document-fixtures';
import { form1099K, form1099R, makeInfoReturnPdf, makeSsa1099Pdf } from '../support/form-fixtures';

const now = new Date('2026-04-01T12:00:00Z');
/** Debian's HEIC encoder, to make an iPhone-style photo (CI installs it; without it that test says why it skips). */
const heifEnc = ['/usr/bin/heif-enc', '/usr/local/bin/heif-enc'].find((p) => existsSync(p)) ?? null;
let ocr: OcrPool;
const stages: string[] = [];

before(() => {
  ocr = new OcrPool({ size: 1 });
});
after(async () => {
  await ocr.close();
});

function run(filename: string, declaredMimeType: string, bytes: Uint8Array, maxBytes?: number): Promise<DocumentAnalysis> {
  return analyzeDocument({ filename, declaredMimeType, bytes, lead: LEAD, now, ...(maxBytes ? { maxBytes } : {}) }, { ocr, heartbeat: (s) => stages.push(s) });
}

function ok(a: DocumentAnalysis): Extract<DocumentAnalysis, { kind: 'ok' }> {
  assert.equal(a.kind, 'ok', a.kind === 'rejected' ? `${a.code}: ${a.message}` : '');
  return a as Extract<DocumentAnalysis, { kind: 'ok' }>;
}

function failed(s: AnalyzedSegment): string[] {
  return s.validation.validationResults.filter((r) => !r.isValid).map((r) => r.ruleName);
}

describe('documents: PDF text layer and segmentation', () => {
  it('reads the text layer per page and spots pages that need OCR', async () => {
    const img = await makeTextImage(['nothing but an image'], { width: 600 });
    const pdf = await makeTextPdf([payStubLines()], { imagePages: [img] });
    const t = await readPdfText(pdf);
    assert.equal(t.pageCount, 2);
    assert.ok(hasUsableText(t.pages[0]!.text));
    assert.ok(!hasUsableText(t.pages[1]!.text));
    assert.ok(t.pages[0]!.layout!.length > 5, 'positioned items');
    const png = await renderPdfPage(pdf, 2, t.pages[1]!);
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.ok(Math.max(meta.width!, meta.height!) >= 2000, 'rendered at ~300 dpi');
  });

  it('splits a PDF holding several documents', async () => {
    const pdf = await makeTextPdf([w2Lines(), payStubLines(), bankStatementLines(), ['Page 2 of 2', 'Transactions', '02/03 Deposit 1,200.00'], scheduleCLines(), form1099NecLines()]);
    const t = await readPdfText(pdf);
    assert.deepEqual(segmentPages(t.pages, new Date('2026-04-01')).map((s) => s.pages.map((p) => p.page)), [[1], [2], [3, 4], [5], [6]]);
    const a = ok(await run('bundle.pdf', 'application/pdf', pdf));
    assert.deepEqual(a.segments.map((s) => s.type), ['W2', 'PAY_STUB', 'BANK_STATEMENT', 'SCHEDULE_C', 'FORM_1099']);
    assert.equal(a.pageCount, 6);
  });

  it('splits months of statements and pay stubs combined in one PDF, and keeps the pages of each together', async () => {
    const now = new Date('2026-04-01');
    const months = ['12/31/2025', '01/31/2026', '02/28/2026'].map((end) => bankStatementLines({ end }));
    // Page 2 of the January statement repeats its period in the header; the others have none.
    const januaryPage2 = ['FIRST PRAIRIE BANK, N.A.', 'Business Checking Statement', 'Statement Period 01/01/2026 to 01/31/2026', 'Transactions continued', '01/20 Deposit 900.00'];
    const pdf = await makeTextPdf([months[0]!, months[1]!, januaryPage2, months[2]!, ['Transactions continued', '02/20 Check 120.00']]);
    const t = await readPdfText(pdf);
    assert.deepEqual(segmentPages(t.pages, now).map((s) => s.pages.map((p) => p.page)), [[1], [2, 3], [4, 5]]);
    const a = ok(await run('statements.pdf', 'application/pdf', pdf));
    assert.deepEqual(a.segments.map((s) => s.fields.periodEnd), ['2025-12-31', '2026-01-31', '2026-02-28']);
    const stubs = ok(await run('stubs.pdf', 'application/pdf', await makeTextPdf([payStubLines(), payStubLines({ payDate: '04/03/2026', net: '$1,627.00' })])));
    assert.deepEqual(stubs.segments.map((s) => s.fields.payDate), ['2026-03-20', '2026-04-03']);
  });

  it("keeps a form's other copies and the instructions behind it with the form, and a return's schedules apart", async () => {
    const w2 = w2Lines();
    const notice = ['Notice to Employee', 'Do you have to file? Refer to the Form 1040 instructions to determine if you are required to file a tax return.',
      'Credit for excess taxes. If you had more than one employer in 2025 and more than $10,918.20 in social security taxes were withheld, see the Form 1040 instructions.',
      'Instructions for Employee', 'Box 1. Enter this amount on the wages line of your tax return.'];
    const copies = (pages: string[][]) => segmentPages(pages.map((lines, i) => ({ page: i + 1, source: 'text-layer' as const, text: lines.join('\n') })), now).map((x) => x.pages.map((p) => p.page));
    // Before: the notice was a 1040 of its own (it names Form 1040), and Copies B, C and 2 were three W-2s.
    assert.deepEqual(copies([w2, notice]), [[1, 2]]);
    assert.deepEqual(copies([[...w2, 'Copy B To Be Filed With Employee\'s FEDERAL Tax Return'], [...w2, 'Copy C For EMPLOYEE\'S RECORDS'], [...w2, 'Copy 2 To Be Filed With Employee\'s State Tax Return']]), [[1, 2, 3]]);
    assert.deepEqual(copies([w2, w2Lines({ name: 'Jordan Reyes' }).map((l) => l.replace('52,000.00', '61,250.00'))]), [[1], [2]], 'two W-2s with other numbers stay two');
    assert.deepEqual(copies([w2, w2Lines({ name: 'Jordan Reyes', ssn: '412-55-0192' })]), [[1], [2]], 'the same numbers for two people stay two');
    assert.deepEqual(copies([[...w2, 'Copy B To Be Filed With Employee\'s FEDERAL Tax Return'], notice, [...w2, 'Copy C For EMPLOYEE\'S RECORDS']]), [[1, 2, 3]]);
    // A W-9's page 1 ends in its General Instructions, the SSN typed in boxes without dashes: it is a W-9 all the same.
    const w9 = ['Form W-9 (Rev. March 2024) Request for Taxpayer Identification Number and Certification', '1 Name of entity/individual', 'Dana Whitfield',
      'Social security number 412 55 0192', 'Sign Here Signature of U.S. person', 'General Instructions', 'Section references are to the Internal Revenue Code unless otherwise noted.'];
    assert.deepEqual(copies([w2, w9]), [[1], [2]]);
    // The instructions name forms further down ("file Form W-2c, Corrected Wage and Tax Statement"): still instructions.
    assert.deepEqual(copies([w2, [...notice, 'If your name, SSN, or address is incorrect, ask your employer to file Form W-2c, Corrected Wage and Tax Statement.']]), [[1, 2]]);
    // Copies B and C carry notes that Copy 2 does not: prose, not a name.
    const penalty = 'This information is being furnished to the Internal Revenue Service. If you are required to file a tax return, a negligence penalty or other sanction may be imposed on you.';
    assert.deepEqual(copies([[...w2, 'Copy B', penalty, 'Safe, accurate, FAST! Use e-file'], [...w2, 'Copy C', penalty], [...w2, 'Copy 2']]), [[1, 2, 3]]);
    // Schedule 1 belongs to the 1040 (it was a Schedule E: "Attach Schedule E"); Schedule E's "use Schedule C" does not make it a C.
    const schedule1 = ['SCHEDULE 1 (Form 1040) Additional Income and Adjustments to Income 2025', '3 Business income or (loss). Attach Schedule C 3 38,450.', '5 Rental real estate, royalties, partnerships, S corporations, trusts, etc. Attach Schedule E 5 7,218.'];
    const scheduleE = ['SCHEDULE E (Form 1040) Supplemental Income and Loss 2025', 'Part I Income or Loss From Rental Real Estate and Royalties Note: If you are in the business of renting personal property, use Schedule C.'];
    const form1040 = ['Form 1040 U.S. Individual Income Tax Return 2025', 'Filing Status: Single', '11a Subtract line 10 from line 9. This is your adjusted gross income 11a 101,777.'];
    assert.deepEqual(copies([form1040, schedule1, scheduleCLines(), scheduleE]), [[1, 2], [3], [4]]);
    const types = ok(await run('return.pdf', 'application/pdf', await makeTextPdf([form1040, schedule1, scheduleCLines(), scheduleE]))).segments.map((x) => x.type);
    assert.deepEqual(types, ['TAX_RETURN_1040', 'SCHEDULE_C', 'SCHEDULE_E']);
  });

  it("reads what tax software prints: box numbers run into W-2 labels, truncated SSNs, revision dates, a 1040's printed filing statuses", async () => {
    // Payroll software prints "1 Wages, tips, other compensation" as one run, the amount under it.
    const w2 = ok(await run('w2.pdf', 'application/pdf', await makeTextPdf([[
      'Form W-2 Wage and Tax Statement 2025', "a Employee's social security number", 'XXX-XX-0192', "c Employer's name, address, and ZIP code", 'ACME WIDGETS, INC.',
      '1 Wages, tips, other compensation', '58,412.36', '2 Federal income tax withheld', '6,118.52',
    ]]))).segments[0]!;
    assert.deepEqual([w2.fields.wages, w2.fields.federalTaxWithheld, w2.fields.ssnLast4], [58412.36, 6118.52, '0192']);
    // An employee's copy may print only the SSN's last four digits: that is no bad SSN (it made the W-2 INVALID).
    const ssn = w2.validation.validationResults.find((r) => r.ruleName === 'ssn_format');
    assert.equal(ssn?.isValid, true, ssn?.isValidReason);
    const nec = ok(await run('nec.pdf', 'application/pdf', await makeTextPdf([['Form 1099-NEC', "PAYER'S name: Lakeside Catering LLC", '(Rev. January 2024)', 'For calendar year 2025', '1 Nonemployee compensation $18,400.00']]))).segments[0]!;
    assert.equal(nec.fields.taxYear, 2025, 'the calendar year, not the revision date');
    // Four copies on a sheet: box 12's code "D" sits on the name's line, well to its right. The IRS's own columns (first
    // name and initial, last name) are far apart too, but the last name is no lone letter.
    const sheet = ok(await run('4up.pdf', 'application/pdf', await renderPdf((doc) => {
      doc.addPage().fontSize(7);
      doc.text('Form W-2 Wage and Tax Statement 2025', 36, 40, { lineBreak: false });
      doc.text("e Employee's first name and initial", 36, 80, { lineBreak: false }).text('Last name', 130, 80, { lineBreak: false });
      doc.text('DANA M', 36, 92, { lineBreak: false }).text('WHITFIELD', 130, 92, { lineBreak: false }).text('D', 280, 92, { lineBreak: false });
      doc.text('1 Wages, tips, other compensation', 300, 40, { lineBreak: false }).text('52,000.00', 300, 52, { lineBreak: false });
    }))).segments[0]!;
    assert.equal(sheet.fields.employeeName, 'Dana M Whitfield');
    // A bank prints its 1099-INT with its TINs labelled on one line and both names over their addresses, unlabelled.
    const bank = ok(await run('int.pdf', 'application/pdf', await makeTextPdf([['FROST BANK', 'PO BOX 1600', 'SAN ANTONIO TX 78296-1600', '2025 Form 1099-INT Interest Income Copy B For Recipient',
      'DANA M WHITFIELD', '4120 ELM ST', 'AUSTIN TX 78704-3012', "PAYER'S TIN: 74-6031847 RECIPIENT'S TIN: XXX-XX-0192", '1 Interest income 412.87']]))).segments[0]!;
    assert.deepEqual([bank.fields.payerName, bank.fields.payerTin, bank.fields.recipientName, bank.fields.recipientTinLast4], ['FROST BANK', '74-6031847', 'Dana M Whitfield', '0192']);
    // Printed for a window envelope, the recipient's block first: the bank is still the payer.
    const window = ok(await run('int2.pdf', 'application/pdf', await makeTextPdf([['2025 Form 1099-INT Interest Income Copy B For Recipient', 'DANA M WHITFIELD', '4120 ELM ST', 'AUSTIN TX 78704-3012',
      'FROST BANK', 'PO BOX 1600', 'SAN ANTONIO TX 78296-1600', "PAYER'S TIN: 74-6031847 RECIPIENT'S TIN: XXX-XX-0192", '1 Interest income 412.87']]))).segments[0]!;
    assert.deepEqual([window.fields.payerName, window.fields.recipientName], ['FROST BANK', 'Dana M Whitfield']);
    // A pay stub's remittance box has a department over it, no name.
    const stub = ok(await run('stub.pdf', 'application/pdf', await makeTextPdf([['ACME WIDGETS, INC.', 'Payroll Department', 'PO BOX 1600', 'SPRINGFIELD IL 62701', 'EARNINGS STATEMENT',
      'DANA M WHITFIELD', '4120 ELM ST', 'AUSTIN TX 78704', 'Pay Date 03/20/2026', 'Gross Pay $2,000.00', 'Net Pay $1,627.00']]))).segments[0]!;
    assert.equal(stub.fields.employeeName, 'Dana M Whitfield');
    const statuses = ok(await run('1040.pdf', 'application/pdf', await makeTextPdf([[
      'Form 1040 U.S. Individual Income Tax Return 2025', 'Filing Status Single Married filing jointly (even if only one had income)',
      'Check only one box. Married filing separately (MFS) X Head of household (HOH)', '11 Adjusted gross income 11 52,310.',
    ]]))).segments[0]!;
    assert.equal(statuses.fields.filingStatus, 'HEAD_OF_HOUSEHOLD', 'the ticked one, not the first printed');
    // The heading beside the first option only, the ticked box on the next line; and a ZIP+4 just before a masked SSN.
    const joint = ok(await run('1040.pdf', 'application/pdf', await makeTextPdf([[
      'Form 1040 U.S. Individual Income Tax Return 2025', 'Filing Status Single', 'X Married filing jointly (even if only one had income)',
      'Home address (number and street) 4120 ELM ST AUSTIN TX 78704-3012 XXX-XX-0192',
    ]]))).segments[0]!;
    assert.deepEqual([joint.fields.filingStatus, joint.fields.ssnLast4], ['MARRIED_FILING_JOINTLY', '0192']);
    // A status stated with its colon outranks a stray mark in the standard-deduction sidebar; an SSN OCR read without
    // its first dash is no ZIP+4 (no state before it).
    const form1040 = (lines: string[]) => extractFields('TAX_RETURN_1040', [{ page: 1, source: 'ocr', text: ['Form 1040 U.S. Individual Income Tax Return 2025', ...lines].join('\n') }], now).fields;
    const income = ['1a Total amount from Form(s) W-2, box 1 1a 52,000.', '9 This is your total income 9 52,310.', '11 This is your adjusted gross income 11 52,310.'];
    const stated = form1040(['Filing Status: Married filing jointly', 'Your social security number 41255-0192', ...income, 'Standard deduction for: Single or Married filing separately, $15,000 ■ Head of household, $22,500']);
    assert.deepEqual([stated.filingStatus, stated.ssnLast4], ['MARRIED_FILING_JOINTLY', '0192']);
    // OCR puts a colon after the heading and its first option; the box ticked under it is the status (second review).
    assert.equal(form1040(['Filing Status: Single', 'X Married filing jointly (even if only one had income)', ...income]).filingStatus, 'MARRIED_FILING_JOINTLY');
    const undashed = form1040(['Your first name and middle initial Last name Your social security number', 'DANA M WHITFIELD 41255-0192', 'Filing Status Check only one box.', 'X Single']);
    assert.deepEqual([undashed.taxpayerName, undashed.ssnLast4], ['Dana M Whitfield', '0192'], 'its label is on the line above');
    for (const address of ['AUSTIN, TEXAS 78704-3012', 'AUSTIN TX. 78704-3012', 'AUSTIN TX   78704-3012', 'AUSTIN 78704-3012']) {
      assert.equal(form1040([`Home address 4120 ELM ST ${address} XXX-XX-0192`]).ssnLast4, '0192', address);
    }
    // Long line labels wrap: the amount ends the next line, after the line's number again.
    const c = ok(await run('c.pdf', 'application/pdf', await makeTextPdf([[
      'SCHEDULE C (Form 1040) Profit or Loss From Business (Sole Proprietorship) 2025', 'Name of proprietor Social security number (SSN)', 'DANA M WHITFIELD 412-55-0192',
      '1 Gross receipts or sales. See instructions for line 1 and check the box if this income was reported to you on',
      'Form W-2 and the "Statutory employee" box on that form was checked . . . . . . . 1 184,250.',
      '31 Net profit or (loss). Subtract line 30 from line 29.', '• If a profit, enter on both Schedule 1 (Form 1040), line 3, and on Schedule SE, line 2. 31 38,450.',
    ]]))).segments[0]!;
    assert.deepEqual([c.fields.grossReceipts, c.fields.netProfit], [184250, 38450]);
    // Without the right-hand line numbers, line 3's "Subtract line 2 from line 1 $183,000.00" is no wrap of line 1.
    const unnumbered = ok(await run('c2.pdf', 'application/pdf', await makeTextPdf([[
      'SCHEDULE C (Form 1040) Profit or Loss From Business (Sole Proprietorship) 2025', '1 Gross receipts or sales $184,250.00', '2 Returns and allowances $1,250.00', '3 Subtract line 2 from line 1 $183,000.00',
    ]]))).segments[0]!;
    assert.equal(unnumbered.fields.grossReceipts, 184250);
    const e = ok(await run('e.pdf', 'application/pdf', await makeTextPdf([['SCHEDULE E (Form 1040) Supplemental Income and Loss 2025', 'Name(s) shown on return Your identifying number', 'DANA M WHITFIELD 412-55-0192', '3 Rents received . . . . . . . . . 3 21,600.']]))).segments[0]!;
    assert.equal(e.fields.totalRentalIncome, 21600);
    const masked = ok(await run('1040.pdf', 'application/pdf', await makeTextPdf([[
      'Form 1040 U.S. Individual Income Tax Return 2025', 'Your first name and middle initial Last name Your social security number', 'DANA M WHITFIELD XXX-XX-0192',
      'Dependents (1) First name Last name (2) SSN (3) Relationship', 'AVERY WHITFIELD 641-22-9034 DAUGHTER',
    ]]))).segments[0]!;
    assert.deepEqual([masked.fields.taxpayerName, masked.fields.ssnLast4], ['Dana M Whitfield', '0192'], "the taxpayer's truncated SSN, not the dependent's");
  });

  it("keeps apart what a loan package holds: two issuers' documents of one month, a return's attachments, a fax's cover", async () => {
    const types = async (pages: string[][]) => ok(await run('package.pdf', 'application/pdf', await makeTextPdf(pages))).segments.map((x) => `${x.type} ${x.pages.join(',')}`);
    // Two jobs, one pay period; two banks, one month: each is a document of its own (the second was lost in the first).
    // Each opens with its issuer's letterhead (name over address).
    const lakeside = ['LAKESIDE CATERING LLC', ...payStubLines().slice(1)];
    const prairie = [bankStatementLines()[0]!, 'PO Box 4410, Springfield IL 62791', ...bankStatementLines().slice(1)];
    const harbor = ['Harbor Community Bank', '200 Harbor Drive, Lakeside IL 62650', ...bankStatementLines().slice(1)];
    assert.deepEqual(await types([payStubLines(), lakeside, prairie, harbor]), ['PAY_STUB 1', 'PAY_STUB 2', 'BANK_STATEMENT 3', 'BANK_STATEMENT 4']);
    // A bank's statement pages after the first name the banks it paid: no new statement.
    assert.deepEqual(await types([bankStatementLines(), ['Transactions', '02/14 Payment to Harbor Community Bank 310.00', '02/20 Deposit 1,200.00']]), ['BANK_STATEMENT 1,2']);
    // Schedule B quotes "Form 1099-INT", Schedule SE and Form 8879 "Form 1040": they belong to the return before them.
    const scheduleB = ['SCHEDULE B (Form 1040) Interest and Ordinary Dividends 2025', 'Attach to Form 1040 or 1040-SR.', 'Note: If you received a Form 1099-INT, Form 1099-OID, or substitute statement from a brokerage firm, list the firm as the payer.', '1 FIRST PRAIRIE BANK 412.87', '2 Add the amounts on line 1 2 412.87'];
    const scheduleSE = ['SCHEDULE SE (Form 1040) Self-Employment Tax 2025', 'Attach to Form 1040, 1040-SR, or 1040-NR.', 'Name of person with self-employment income (as shown on Form 1040) Social security number', 'DANA M WHITFIELD 412-55-0192', '2 Net profit or (loss) from Schedule C, line 31 2 38,450.'];
    const f8879 = ['Form 8879 IRS e-file Signature Authorization 2025', 'Submission Identification Number (SID)', "Taxpayer's name DANA M WHITFIELD Social security number 412-55-0192", 'Part I Tax Return Information — Tax Year Ending December 31, 2025 (Whole dollars only)', '1 Adjusted gross income from Form 1040, line 11 1 98,410', 'Part II Taxpayer Declaration and Signature Authorization'];
    const form1040 = ['Form 1040 U.S. Individual Income Tax Return 2025', 'Filing Status: Single', 'Your first name and middle initial Last name', 'DANA M WHITFIELD', '11 Adjusted gross income 11 98,410.'];
    assert.deepEqual(await types([form1040, scheduleB, scheduleSE, f8879, scheduleCLines()]), ['TAX_RETURN_1040 1,2,3,4', 'SCHEDULE_C 5']);
    const fax = ['FAX COVER SHEET', 'To: Northway Lending', 'From: Dana Whitfield', 'Re: loan application: pay stubs, W-2 and bank statements', 'Pages: 3 including cover'];
    assert.deepEqual(await types([fax, w2Lines(), bankStatementLines()]), ['OTHER 1', 'W2 2', 'BANK_STATEMENT 3']);
  });

  it('keeps whole what only resembles a package (review of the rules above)', async () => {
    const pages = (...texts: string[][]) => segmentPages(texts.map((lines, i) => ({ page: i + 1, source: 'text-layer' as const, text: lines.join('\n') })), now).map((x) => x.pages.map((p) => p.page));
    // A statement's page 2 repeats its period: a transaction naming other banks, or its bank's shorter name, starts nothing.
    const bank1 = [...bankStatementLines(), 'Page 1 of 2'];
    const bank2 = (head: string[]) => [...head, 'Statement Period 02/01/2026 to 02/28/2026', 'Page 2 of 2', '02/05 ZELLE FROM J SMITH WELLS FARGO BANK 450.00', '02/12 ONLINE TRANSFER FROM CHASE BANK 1,000.00'];
    for (const head of [[], ['First Prairie Bank']]) assert.deepEqual(pages(bank1, bank2(head)), [[1, 2]], head.join() || 'no name');
    // A stub's page 2 with the same period, its heading for an employer, no gross of its own.
    const stub2 = ['EARNINGS STATEMENT (continued)', 'Employee: Dana Whitfield', 'Pay Period 03/01/2026 - 03/14/2026', 'Pay Date 03/20/2026', 'Page 2 of 2', 'Taxes CURRENT YTD', 'Federal income tax 200.00 1,000.00', 'Net Pay $1,627.00'];
    assert.deepEqual(pages(payStubLines(), stub2), [[1, 2]]);
    // "Please include this cover sheet" is no cover sheet; a 1099's "State identification no." box is no state ID.
    assert.deepEqual(pages([...bankStatementLines(), 'Please include this cover sheet with any correspondence.'], ['Statement Period 02/01/2026 to 02/28/2026', '02/14 ACH DEBIT 1,250.00']), [[1, 2]]);
    const composite = (n: number) => ['2025 TAX REPORTING STATEMENT', 'DANA WHITFIELD Account 1234-5678', 'Proceeds from Broker and Barter Exchange Transactions 1099-B', '100 SH VANGUARD TOTAL STOCK 03/14/2025 12,400.00 11,200.00', '14 State 15 State identification no. 16 State tax withheld', `Page ${n} of 3`];
    const div = ['2025 TAX REPORTING STATEMENT', "PAYER'S TIN 94-1737782 RECIPIENT'S TIN XXX-XX-0192", 'Form 1099-DIV Dividends and Distributions', '1a Total ordinary dividends 1,204.11', 'Page 1 of 3'];
    assert.deepEqual(pages(div, composite(2), composite(3)), [[1, 2, 3]]);
    // Page 2 opening a savings account's summary, its bank named otherwise or misread; a stub's page 2 repeating its
    // gross for the year (second review): still one document.
    const savings = (bank: string) => [bank, 'Statement Period 02/01/2026 to 02/28/2026', 'Savings Summary', 'Beginning Balance $26,400.00', 'Ending Balance $26,431.80'];
    const chase = ['Chase', 'PO Box 182051, Columbus OH 43218', ...bankStatementLines().slice(1)];
    for (const bank of ['JPMorgan Chase Bank, N.A.', 'Questions? Call Chase 800-935-9935']) assert.deepEqual(pages(chase, savings(bank)), [[1, 2]], bank);
    assert.deepEqual(pages([bankStatementLines()[0]!, 'PO Box 4410, Springfield IL 62791', ...bankStatementLines().slice(1)], [...savings('FlRST PRAlRIE BANK'), 'PO Box 4410, Springfield IL 62791']), [[1, 2]]);
    assert.deepEqual(pages(payStubLines(), ['EARNINGS STATEMENT', 'Pay Period 03/01/2026 - 03/14/2026', 'Pay Date 03/20/2026', 'Year to date', 'Gross Pay $2,000.00 $10,000.00']), [[1, 2]]);
    // A faxed stub keeps the cover's title above it and is still a stub.
    assert.deepEqual(pages(['FAX COVER SHEET', ...payStubLines()]).length, 1);
    assert.equal(classifyText(['FAX COVER SHEET', ...payStubLines()].join('\n')).type, 'PAY_STUB');
    // Two employers' W-2s, the second "Page 2 of 2", labelled as ADP labels them: two W-2s.
    const adp = (employer: string, ein: string, page: string) => ['Form W-2 Wage and Tax Statement 2025', "a Employee's SSA number 412-55-0192", `b Employer's FED ID number ${ein}`, "c Employer's name, address, and ZIP code", employer, '1 Wages, tips, other comp. 52,000.00', page];
    assert.deepEqual(pages(adp('ACME WIDGETS, INC.', '36-4102983', 'Page 1 of 2'), adp('LAKESIDE CATERING LLC', '47-2210953', 'Page 2 of 2')), [[1], [2]]);
    // A phone company's bill printed as an invoice stays a bill: its service address proves where the lead lives.
    const comcast = ok(await run('bill.pdf', 'application/pdf', await makeTextPdf([
      ['Comcast Business', 'Invoice', 'Invoice number: 8155 2001 0042', 'Invoice date: 02/10/2026', 'Bill to: Whitfield Bakery LLC', 'Amount due $189.40', 'Due date: 03/02/2026', 'Page 1 of 2'],
      ['Service details', 'Service address: 42 Oak Street, Springfield, IL 62704', 'Internet 300 Mbps 119.95', 'Voice line charges 49.95', 'Page 2 of 2'],
    ])));
    assert.deepEqual(comcast.segments.map((x) => x.type), ['UTILITY_BILL']);
  });

  it("reads a form whose software places each word by itself", async () => {
    const pdf = await renderPdf((doc) => {
      doc.addPage().font('Courier').fontSize(9);
      const words = (s: string, x: number, y: number) => s.split(' ').reduce((at, w) => (doc.text(w, at, y, { lineBreak: false }), at + doc.widthOfString(`${w} `)), x);
      doc.text('Form W-2 Wage and Tax Statement 2025', 40, 30, { lineBreak: false });
      doc.text("c Employer's name, address, and ZIP code", 40, 112, { lineBreak: false });
      words('ACME WIDGETS, INC.', 44, 123);
      words('500 Industrial Way', 44, 134);
      words('Springfield IL 62701', 44, 145);
      doc.text('b Employer identification number (EIN)', 40, 80, { lineBreak: false }).text('36-4102983', 44, 91, { lineBreak: false });
      doc.text('1 Wages, tips, other compensation', 330, 48, { lineBreak: false }).text('52,000.00', 350, 59, { lineBreak: false });
    });
    const w2 = ok(await run('w2.pdf', 'application/pdf', pdf)).segments[0]!;
    assert.deepEqual([w2.fields.employerName, w2.fields.employerAddress], ['ACME WIDGETS, INC.', '500 Industrial Way, Springfield, IL 62701']);
    // Two boxes' amounts a few points apart stay two values.
    const close = await renderPdf((doc) => {
      doc.addPage().font('Helvetica').fontSize(9);
      doc.text('Form W-2 Wage and Tax Statement 2025', 40, 30, { lineBreak: false });
      doc.text('1 Wages, tips, other compensation', 300, 48, { lineBreak: false }).text('2 Federal income tax withheld', 420, 48, { lineBreak: false });
      const wages = '52,000.00';
      doc.text(wages, 417 - doc.widthOfString(wages), 59, { lineBreak: false }).text('5,200.00', 420, 59, { lineBreak: false });
    });
    const boxes = ok(await run('w2.pdf', 'application/pdf', close)).segments[0]!;
    assert.deepEqual([boxes.fields.wages, boxes.fields.federalTaxWithheld], [52000, 5200]);
  });

  it('a blank page between documents does not make them hard to read', async () => {
    const a = ok(await run('package.pdf', 'application/pdf', await makeTextPdf([payStubLines(), [], w2Lines()])));
    assert.deepEqual(a.segments.map((s) => s.type), ['PAY_STUB', 'W2']);
    for (const s of a.segments) assert.equal(s.validation.validationResults.find((r) => r.ruleName === 'readable')?.isValid, true, s.type);
  });

  it('says so when page limits left part of a file unread', async () => {
    const img = await makeTextImage(['a scanned page'], { width: 600 });
    const pdf = await makeTextPdf([payStubLines(), w2Lines()], { imagePages: [img] });
    const a = ok(await analyzeDocument({ filename: 'long.pdf', declaredMimeType: 'application/pdf', bytes: pdf, lead: LEAD, now, maxPages: 2, maxOcrPages: 0 }, { ocr }));
    assert.equal(a.pageCount, 3);
    assert.deepEqual(a.segments.map((s) => s.type), ['PAY_STUB', 'W2']);
    for (const s of a.segments) assert.match(s.validation.validationResults.find((r) => r.ruleName === 'all_pages_read')!.isValidReason, /1 of 3 pages skipped/);
  });

  it('extracts typed fields from text PDFs and validates them', async () => {
    const a = ok(await run('stub.pdf', 'application/pdf', await makeTextPdf([payStubLines()])));
    const s = a.segments[0]!;
    assert.equal(s.type, 'PAY_STUB');
    assert.deepEqual(
      { ...s.fields },
      {
        employerName: 'ACME WIDGETS, INC.',
        employeeName: 'Dana Whitfield',
        payPeriodStart: '2026-03-01',
        payPeriodEnd: '2026-03-14',
        payDate: '2026-03-20',
        grossPay: 2000,
        netPay: 1627,
        ytdGross: 10000,
        totalDeductions: 20,
        totalTaxes: 353,
      },
    );
    assert.equal(s.validation.overallValid, true, JSON.stringify(s.validation));
    assert.ok(s.validation.validationResults.some((r) => r.ruleName === 'paystub_arithmetic' && r.isValid));
    assert.equal(s.ocrConfidence, undefined);

    const bad = ok(await run('stub2.pdf', 'application/pdf', await makeTextPdf([payStubLines({ net: '$1,900.00', name: 'Someone Else' })])));
    assert.deepEqual(failed(bad.segments[0]!).sort(), ['name_matches_lead', 'paystub_arithmetic']);

    const w2 = ok(await run('w2.pdf', 'application/pdf', await makeTextPdf([w2Lines()]))).segments[0]!;
    assert.equal(w2.type, 'W2');
    assert.equal(w2.fields.employerEin, '36-4102983');
    assert.equal(w2.fields.wages, 52000);
    assert.equal(w2.fields.taxYear, 2025);
    assert.equal(w2.fields.ssnLast4, '0192');
    assert.ok(!JSON.stringify(w2).includes('412-55'), 'no full SSN anywhere in the result');
    assert.ok(!w2.summary.includes('0192') || w2.summary.includes('***'), w2.summary);

    const ssnAd = ok(await run('w2b.pdf', 'application/pdf', await makeTextPdf([w2Lines({ ssn: '123-45-6789' })]))).segments[0]!;
    assert.ok(failed(ssnAd).includes('ssn_format'));

    const bill = ok(await run('bill.pdf', 'application/pdf', await makeTextPdf([utilityBillLines()]))).segments[0]!;
    assert.equal(bill.type, 'UTILITY_BILL');
    assert.equal(bill.fields.totalDue, 118.42);
    assert.equal(bill.fields.statementDate, '2026-02-10');
    assert.equal(bill.fields.accountNumberLast4, '8812');
    assert.ok(stages.includes('sniff') && stages.includes('classify'), 'heartbeats');
  });

  it("reads the returns behind income that isn't wages: 1099-K, 1099-R, 1099-G and the SSA-1099", async () => {
    const read = async (name: string, pdf: Uint8Array) => {
      const [s, ...rest] = ok(await run(name, 'application/pdf', pdf)).segments;
      assert.equal(rest.length, 0);
      assert.equal(s!.type, 'FORM_1099', name);
      assert.deepEqual(failed(s!), [], `${name}: ${JSON.stringify(s!.validation)}`);
      return s!;
    };
    // A card processor's 1099-K names its parties FILER and PAYEE, not PAYER and RECIPIENT.
    const k = await read('stripe-1099k.pdf', await makeInfoReturnPdf(form1099K()));
    assert.deepEqual({ ...k.fields }, {
      variant: 'K', payerName: 'Stripe, Inc.', payerTin: '27-0863354', recipientName: 'Whitfield Bakery LLC', recipientTinLast4: '0953', taxYear: 2025,
      amounts: { grossAmount: 84210.55, cardNotPresent: 80112.1, federalIncomeTaxWithheld: 0 },
    });
    const r = await read('1099r.pdf', await makeInfoReturnPdf(form1099R()));
    assert.deepEqual({ ...r.fields }, {
      variant: 'R', payerName: 'Fidelity Investments Institutional', payerTin: '04-3523567', recipientName: 'Dana Whitfield', recipientTinLast4: '0192', taxYear: 2025,
      amounts: { grossDistribution: 24000, taxableAmount: 24000, federalIncomeTaxWithheld: 2400 },
    });
    assert.match(r.summary, /^1099-R for 2025 from Fidelity Investments Institutional to Dana Whitfield, gross distribution \$24,000\.00/);
    const g = await read('1099g.pdf', await makeInfoReturnPdf({
      title: ['Form 1099-G', '2025', 'Certain Government Payments'],
      payer: ['Illinois Department of Employment Security', '33 S State St', 'Chicago, IL 60603'], payerTin: '36-6006551',
      recipient: ['Dana Whitfield', '12 Orchard Lane', 'Springfield IL 62704'], recipientTin: '412-55-0192',
      boxes: [['1 Unemployment compensation', '6,240.00'], ['2 State or local income tax refunds, credits, or offsets', '0.00'], ['4 Federal income tax withheld', '624.00']],
    }));
    assert.equal(g.fields.payerName, 'Illinois Department of Employment Security');
    assert.deepEqual(g.fields.amounts, { unemploymentCompensation: 6240, stateTaxRefund: 0, federalIncomeTaxWithheld: 624 });

    // The SSA's statement: boxes side by side, "NONE" in an empty one; as laid out, and as flattened text.
    const ssa = await read('ssa-1099.pdf', await makeSsa1099Pdf({ year: 2025, name: 'DANA WHITFIELD', ssn: '412-55-0192', paid: '$23,412.00', repaid: 'NONE', net: '$23,412.00' }));
    const expected = {
      variant: 'SSA', payerName: 'Social Security Administration', payerTin: null, recipientName: 'Dana Whitfield', recipientTinLast4: '0192', taxYear: 2025,
      amounts: { benefitsPaid: 23412, netBenefits: 23412 },
    };
    assert.deepEqual({ ...ssa.fields }, expected);
    assert.match(ssa.summary, /^SSA-1099 for 2025 from Social Security Administration to Dana Whitfield/);
    const flat = await read('ssa-flat.pdf', await makeTextPdf([[
      'FORM SSA-1099 - SOCIAL SECURITY BENEFIT STATEMENT', '2025', 'PART OF YOUR SOCIAL SECURITY BENEFITS SHOWN IN BOX 5 MAY BE TAXABLE INCOME.',
      "Box 1. Name Box 2. Beneficiary's Social Security Number", 'DANA WHITFIELD 412-55-0192',
      'Box 3. Benefits Paid in 2025 Box 4. Benefits Repaid to SSA in 2025 Box 5. Net Benefits for 2025 (Box 3 minus Box 4)', '$23,412.00 $1,200.00 $22,212.00',
    ]]));
    assert.deepEqual({ ...flat.fields }, { ...expected, amounts: { benefitsPaid: 23412, benefitsRepaid: 1200, netBenefits: 22212 } });
  });
});

describe('documents: OCR', () => {
  it('OCRs an image-only pay stub (PNG) and an image-only PDF', async () => {
    const png = await makeTextImage(payStubLines());
    const a = ok(await run('stub.png', 'image/png', png));
    const s = a.segments[0]!;
    assert.equal(s.type, 'PAY_STUB');
    assert.ok(s.ocrConfidence! > 70, `ocr ${s.ocrConfidence}`);
    assert.equal(s.fields.netPay, 1627);
    assert.equal(s.fields.payDate, '2026-03-20');

    const pdf = await makeTextPdf([], { imagePages: [await makeTextImage(w2Lines())] });
    const b = ok(await run('scan.pdf', 'application/pdf', pdf));
    assert.equal(b.segments[0]!.type, 'W2');
    assert.equal(b.segments[0]!.fields.employerEin, '36-4102983');
    assert.ok(stages.some((x) => x.startsWith('ocr:')));
  });

  it('flags an expired licence, and reads a photo taken sideways', async () => {
    const lic = ok(await run('license.png', 'image/png', await makeTextImage(licenseLines({ exp: '01/31/2025' }))));
    const s = lic.segments[0]!;
    assert.equal(s.type, 'DRIVERS_LICENSE');
    assert.equal(s.fields.expirationDate, '2025-01-31');
    assert.equal(s.fields.dateOfBirth, '1986-07-14');
    assert.equal(s.fields.fullName, 'Dana Whitfield');
    assert.equal(s.fields.issuingState, 'IL');
    assert.deepEqual(failed(s), ['not_expired']);

    const sideways = ok(await run('sideways.png', 'image/png', await makeTextImage(bankStatementLines(), { rotate: 90 })));
    assert.equal(sideways.segments[0]!.type, 'BANK_STATEMENT');
    assert.equal(sideways.segments[0]!.fields.endingBalance, 14606.43);
  });

  it('reads a passport photo by its machine-readable zone', async () => {
    const pp = ok(await run('passport.png', 'image/png', await makeTextImage(passportLines(), { mono: true, width: 1000, fontSize: 22 })));
    const s = pp.segments[0]!;
    assert.equal(s.type, 'PASSPORT');
    assert.equal(s.fields.fullName, 'Dana Marie Whitfield');
    assert.equal(s.fields.documentNumber, '963545637');
    assert.equal(s.fields.expirationDate, '2027-04-14');
    assert.equal(s.fields.mrzValid, true);
    assert.deepEqual(failed(s), []);
    // A phone photo of it: tilted, blurred, compressed. Tesseract reads the filler as "c"s; the zone still checks out.
    const photo = await sharp(await sharp(await makeTextImage(passportLines(), { mono: true, width: 1000, fontSize: 22 })).rotate(2, { background: '#eeeeee' }).blur(1.2).png().toBuffer()).jpeg({ quality: 40 }).toBuffer();
    const p = ok(await run('passport.jpg', 'image/jpeg', new Uint8Array(photo))).segments[0]!;
    assert.equal(p.fields.fullName, 'Dana Marie Whitfield');
    assert.equal(p.fields.dateOfBirth, '1986-03-15');
    assert.equal(p.fields.mrzValid, true);
  });

  it('reads a scanned page of any size: a poster-sized page is scaled down like any other', async () => {
    const scan = Buffer.from(await makeTextImage(w2Lines()));
    const pdf = await renderPdf((doc) => {
      doc.addPage({ size: [40000, 40000], margin: 0 });
      doc.image(scan, 0, 0, { width: 40000 });
    });
    const a = ok(await run('poster.pdf', 'application/pdf', pdf));
    assert.equal(a.segments[0]!.type, 'W2');
    assert.equal(a.segments[0]!.fields.wages, 52000);
  });

  it('says a scan is too high a resolution, not too dark, when its image is too big to render', async () => {
    // 8100 x 8100 = 65.6 MP, over the 64 MP an embedded image may have (a plain JPEG: small on disk).
    const huge = await sharp({ create: { width: 8100, height: 8100, channels: 3, background: '#ffffff' } }).jpeg({ quality: 50 }).toBuffer();
    const scanOnly = await renderPdf((doc) => {
      doc.addPage({ margin: 0 });
      doc.image(huge, 0, 0, { width: 612 });
    });
    const a = await run('scan-1200dpi.pdf', 'application/pdf', scanOnly);
    assert.equal(a.kind, 'rejected');
    assert.equal(a.kind === 'rejected' && a.code, 'TOO_LARGE');
    assert.match(a.kind === 'rejected' ? a.message : '', /8100x8100 pixels is over the 64 MP limit/);
    assert.match(a.kind === 'rejected' ? a.leadMessage : '', /resolution too high.*300 dpi/);

    // The same scan after a page that reads: the document stands, and a person is told a page was not read.
    const mixed = await renderPdf((doc) => {
      doc.addPage();
      doc.fontSize(12);
      for (const l of w2Lines()) doc.text(l);
      doc.addPage({ margin: 0 });
      doc.image(huge, 0, 0, { width: 612 });
    });
    const m = ok(await run('w2-and-scan.pdf', 'application/pdf', mixed));
    const rule = m.segments[0]!.validation.validationResults.find((r) => r.ruleName === 'all_pages_read');
    assert.match(rule?.isValidReason ?? '', /1 page\(s\) unreadable, an embedded image of 8100x8100 pixels/);
  });

  it('reads a scanned stack fed upside down, searching the orientation once rather than on every page', async () => {
    const upside = await Promise.all([payStubLines(), w2Lines(), bankStatementLines()].map(async (lines) => sharp(await makeTextImage(lines)).rotate(180).png().toBuffer()));
    const pdf = await renderPdf((doc) => {
      for (const img of upside) {
        doc.addPage({ size: 'LETTER', margin: 0 });
        doc.image(img, 0, 0, { fit: [612, 792] });
      }
    });
    const jobs = ocr.stats.jobs;
    const a = ok(await run('upside-down.pdf', 'application/pdf', pdf));
    assert.deepEqual(a.segments.map((s) => s.type), ['PAY_STUB', 'W2', 'BANK_STATEMENT']);
    // The first page searches (0, 90, 270, 180 degrees); the next start at 180 and are done: 6 passes, not 12.
    assert.ok(ocr.stats.jobs - jobs <= 6, `${ocr.stats.jobs - jobs} OCR passes`);
  });

  it('reads a long receipt without shrinking its text away', async () => {
    const lines = ['CORNER MARKET', '12 Main St, Springfield IL', 'RECEIPT', 'Date 03/05/2026'];
    for (let i = 0; i < 300; i++) lines.push(`ITEM ${i} BREAD $${(i % 9) + 1}.99`);
    lines.push('SUBTOTAL $1,234.00', 'TAX $100.00', 'TOTAL $1,334.00', 'VISA ****1234');
    const a = ok(await run('receipt.png', 'image/png', await makeTextImage(lines, { width: 600, fontSize: 24 })));
    assert.equal(a.segments[0]!.type, 'RECEIPT');
    assert.equal(a.segments[0]!.fields.total, 1334);
  });

  it('reads every page of a multi-page TIFF (a fax or a scanner\'s file)', async () => {
    const frames = await Promise.all([makeTextImage(payStubLines()), makeTextImage(w2Lines())]);
    const tiff = await sharp(frames.map((f) => Buffer.from(f)), { join: { animated: true } }).tiff().toBuffer();
    const a = ok(await run('fax.tiff', 'image/tiff', tiff));
    assert.equal(a.pageCount, 2);
    assert.deepEqual(a.segments.map((s) => [s.type, s.pages]), [['PAY_STUB', [1]], ['W2', [2]]]);
  });

  it("reads an iPhone's HEIC photo", { skip: heifEnc ? false : 'heif-enc not found (Debian libheif-examples): no HEIC can be made to test with' }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heic-'));
    try {
      writeFileSync(path.join(dir, 'stub.jpg'), await makeTextImage(payStubLines(), { format: 'jpeg' }));
      execFileSync(heifEnc!, ['-q', '70', '-o', path.join(dir, 'IMG_0412.HEIC'), path.join(dir, 'stub.jpg')]);
      const a = ok(await run('IMG_0412.HEIC', 'image/heic', new Uint8Array(readFileSync(path.join(dir, 'IMG_0412.HEIC')))));
      assert.equal(a.sniffedMimeType, 'image/heic');
      assert.equal(a.segments[0]!.type, 'PAY_STUB');
      assert.equal(a.segments[0]!.fields.netPay, 1627);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a pay stub photographed askew and in shadow, as a phone takes it', async () => {
    for (const angle of [8, -12]) {
      const [s] = ok(await run('stub.jpg', 'image/jpeg', await photograph(await makeTextImage(payStubLines()), { angle }))).segments;
      assert.equal(s!.type, 'PAY_STUB');
      assert.deepEqual(
        { employer: s!.fields.employerName, gross: s!.fields.grossPay, taxes: s!.fields.totalTaxes, net: s!.fields.netPay, payDate: s!.fields.payDate },
        { employer: 'ACME WIDGETS, INC.', gross: 2000, taxes: 353, net: 1627, payDate: '2026-03-20' },
        `held at ${angle}°`,
      );
    }
  });

  it('reads a photographed 1099-R printed in a typewriter font, whose numbers OCR spaces out ("$ 24, 000. 00")', async () => {
    const pdf = await makeInfoReturnPdf(form1099R());
    const png = await renderPdfPage(pdf, 1);
    const [s] = ok(await run('1099r.png', 'image/png', png)).segments;
    assert.equal(s!.type, 'FORM_1099');
    assert.equal(s!.fields.variant, 'R');
    assert.equal(s!.fields.payerTin, '04-3523567');
    assert.equal(s!.fields.recipientName, 'Dana Whitfield');
    assert.equal(s!.fields.recipientTinLast4, '0192');
    assert.deepEqual(s!.fields.amounts, { grossDistribution: 24000, taxableAmount: 24000, federalIncomeTaxWithheld: 2400 });
    assert.match(String(s!.fields.payerName), /^Fidelity Inves\w+ Institutional$/, 'OCR may misread a letter, never take a label for the name');
  });

  it('reads a JPEG named .png and a WebP by their real format', async () => {
    const jpeg = await makeTextImage(utilityBillLines(), { format: 'jpeg' });
    const a = ok(await run('bill.png', 'image/png', jpeg));
    assert.equal(a.sniffedMimeType, 'image/jpeg');
    assert.equal(a.segments[0]!.type, 'UTILITY_BILL');
    const webp = await makeTextImage(bankStatementLines(), { format: 'webp' });
    const b = ok(await run('statement.png', 'image/png', webp));
    assert.equal(b.sniffedMimeType, 'image/webp');
    assert.equal(b.segments[0]!.type, 'BANK_STATEMENT');
  });
});

describe('documents: bad files get a verdict, never a crash', () => {
  const cases: [string, () => Promise<[string, string, Uint8Array, number?]>, string, RegExp][] = [
    ['zero bytes', async () => ['empty.pdf', 'application/pdf', new Uint8Array(0)], 'EMPTY', /empty/i],
    ['oversized', async () => ['big.pdf', 'application/pdf', await makeTextPdf([payStubLines()]), 1000], 'TOO_LARGE', /too large/i],
    ['corrupt PDF', async () => ['broken.pdf', 'application/pdf', corruptPdf()], 'CORRUPT', /damaged/i],
    ['corrupt PNG', async () => ['broken.png', 'image/png', corruptPng()], 'CORRUPT', /damaged/i],
    ['random bytes named .pdf', async () => ['x.pdf', 'application/pdf', new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 37) % 256))], 'CORRUPT', /damaged/i],
    ['encrypted PDF', async () => ['locked.pdf', 'application/pdf', await makeTextPdf([payStubLines()], { userPassword: 'hunter2' })], 'ENCRYPTED', /unlocked copy/i],
    ['a PDF with no pages', async () => ['empty-pages.pdf', 'application/pdf', rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'])], 'CORRUPT', /damaged/i],
    ['a PDF encrypted for a certificate', async () => ['cert.pdf', 'application/pdf', rawPdf(
      ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>'],
      '/Encrypt << /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 /R 4 >> ',
    )], 'ENCRYPTED', /unlocked copy/i],
    ['a HEIC cut off after its header', async () => ['IMG_0001.HEIC', 'image/heic', new Uint8Array(Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic'))], 'CORRUPT', /damaged/i],
    ['a BMP', async () => ['scan.bmp', 'image/bmp', new Uint8Array(Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]))], 'UNSUPPORTED', /PDF, JPEG or PNG/],
    ['a text file', async () => ['notes.txt', 'text/plain', new TextEncoder().encode('just some notes, not a document')], 'UNSUPPORTED', /PDF, JPEG or PNG/],
    ['a blank photo', async () => ['blank.jpg', 'image/jpeg', new Uint8Array(await sharp({ create: { width: 800, height: 600, channels: 3, background: '#0a0a0a' } }).jpeg().toBuffer())], 'UNREADABLE', /clearer photo/i],
  ];
  for (const [name, make, code, lead] of cases) {
    it(name, async () => {
      const [filename, mime, bytes, maxBytes] = await make();
      const a = await run(filename, mime, bytes, maxBytes);
      assert.equal(a.kind, 'rejected');
      if (a.kind !== 'rejected') return;
      assert.equal(a.code, code, a.message);
      assert.match(a.leadMessage, lead);
      assert.ok(a.leadMessage.includes(filename), 'names the file');
      assert.ok(a.message.length > 0);
    });
  }
});
