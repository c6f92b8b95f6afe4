// Document fixtures generated in the test: text PDFs (pdfkit), PNG/JPEG/WebP images rendered from SVG text
// (sharp + the DejaVu fonts), and broken files. Every person, SSN and EIN here is made up.
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { toolUseMessage } from './fake-upstreams';

export interface PdfOptions {
  userPassword?: string;
  fontSize?: number;
  /** Embed these PNGs as whole pages (image-only PDF) after the text pages. */
  imagePages?: Uint8Array[];
}

/** The bytes of a letter-size pdfkit document whose pages `draw` adds. */
export function renderPdf(draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 54, autoFirstPage: false, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

/** A PDF with one page per entry, each page the given lines of text. */
export function makeTextPdf(pages: string[][], opts: PdfOptions = {}): Promise<Uint8Array> {
  const encryption = opts.userPassword ? { userPassword: opts.userPassword, ownerPassword: `${opts.userPassword}-owner`, pdfVersion: '1.7' as const } : {};
  return renderPdf((doc) => {
    for (const lines of pages) {
      doc.addPage();
      doc.font('Helvetica').fontSize(opts.fontSize ?? 11);
      for (const l of lines) doc.text(l);
    }
    for (const img of opts.imagePages ?? []) {
      doc.addPage();
      doc.image(Buffer.from(img), 36, 36, { fit: [540, 720] });
    }
  }, encryption);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface ImageOptions {
  width?: number;
  fontSize?: number;
  background?: string;
  format?: 'png' | 'jpeg' | 'webp';
  /** Rotate the finished image clockwise (to test orientation handling). */
  rotate?: 0 | 90 | 180 | 270;
  /** A fixed-width font, like the OCR-B of a passport's machine-readable zone. */
  mono?: boolean;
}

/** An image of the given lines of text (black DejaVu Sans on white, unless `mono`), like a clean scan. */
export async function makeTextImage(lines: string[], opts: ImageOptions = {}): Promise<Uint8Array> {
  const fontSize = opts.fontSize ?? 28;
  const lineHeight = Math.round(fontSize * 1.5);
  const width = opts.width ?? 1400;
  const height = lineHeight * (lines.length + 2);
  const texts = lines
    .map((l, i) => `<text x="40" y="${lineHeight * (i + 1.5)}" font-family="${opts.mono ? 'DejaVu Sans Mono' : 'DejaVu Sans'}" font-size="${fontSize}" fill="#111">${escapeXml(l)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${opts.background ?? '#ffffff'}"/>${texts}</svg>`;
  let img = sharp(Buffer.from(svg));
  if (opts.rotate) img = sharp(await img.png().toBuffer()).rotate(opts.rotate);
  const format = opts.format ?? 'png';
  const out = format === 'jpeg' ? await img.jpeg({ quality: 90 }).toBuffer() : format === 'webp' ? await img.webp({ quality: 90 }).toBuffer() : await img.png().toBuffer();
  return new Uint8Array(out);
}

/**
 * A phone photo of a page: held at `angle` degrees (clockwise), a shadow darkening it towards the lower right, on a
 * grey table, softened and JPEG-compressed as a phone sends it.
 */
export async function photograph(page: Uint8Array, o: { angle: number; shade?: number; width?: number }): Promise<Uint8Array> {
  const { width = 0, height = 0 } = await sharp(page).metadata();
  const shadow = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0.3" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="${o.shade ?? 0.6}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  const shaded = await sharp(page).composite([{ input: Buffer.from(shadow) }]).png().toBuffer();
  const photo = await sharp(shaded).rotate(o.angle, { background: '#8a8a80' }).resize({ width: o.width ?? 1000 }).blur(1.2).jpeg({ quality: 50 }).toBuffer();
  return new Uint8Array(photo);
}

// ---- Document contents -------------------------------------------------------------------------------------

export const LEAD = { firstName: 'Dana', lastName: 'Whitfield', businessName: 'Whitfield Bakery LLC' };

export function payStubLines(o: { payDate?: string; net?: string; name?: string } = {}): string[] {
  return [
    'ACME WIDGETS, INC.',
    '500 Industrial Way',
    'Springfield IL 62701',
    'EARNINGS STATEMENT',
    `Employee: ${o.name ?? 'Dana Whitfield'}`,
    'Pay Period 03/01/2026 - 03/14/2026',
    `Pay Date ${o.payDate ?? '03/20/2026'}`,
    'Earnings RATE HOURS CURRENT YTD',
    'Regular 25.00 80.00 2,000.00 10,000.00',
    'Total 80.00 $2,000.00 $10,000.00',
    'Deductions CURRENT YTD',
    'Dental 20.00 100.00',
    'Total $20.00 $100.00',
    'Taxes CURRENT YTD',
    'Federal income tax 200.00 1,000.00',
    'Social security 124.00 620.00',
    'Medicare 29.00 145.00',
    'Total $353.00 $1,765.00',
    `Net Pay ${o.net ?? '$1,627.00'}`,
  ];
}

export function w2Lines(o: { year?: number; ssn?: string; name?: string } = {}): string[] {
  return [
    `Form W-2 Wage and Tax Statement ${o.year ?? 2025}`,
    "a Employee's social security number",
    o.ssn ?? '412-55-0192',
    'b Employer identification number (EIN)',
    '36-4102983',
    "c Employer's name, address, and ZIP code",
    'ACME WIDGETS, INC.',
    '500 Industrial Way',
    'Springfield IL 62701',
    "e Employee's first name and initial Last name",
    o.name ?? 'Dana Whitfield',
    '1 Wages, tips, other compensation 52,000.00',
    '2 Federal income tax withheld 5,200.00',
    '3 Social security wages 52,000.00',
    '4 Social security tax withheld 3,224.00',
    '5 Medicare wages and tips 52,000.00',
    '6 Medicare tax withheld 754.00',
  ];
}

export function bankStatementLines(o: { end?: string } = {}): string[] {
  return [
    'FIRST PRAIRIE BANK, N.A.',
    'Business Checking Statement',
    'Account holder: Whitfield Bakery LLC',
    'Account number: XXXXXX4821',
    `Statement Period 02/01/2026 to ${o.end ?? '02/28/2026'}`,
    'Beginning Balance $12,400.55',
    'Deposits and other credits $8,210.00',
    'Withdrawals and other debits $6,004.12',
    'Ending Balance $14,606.43',
  ];
}

export function utilityBillLines(): string[] {
  return [
    'PRAIRIE ELECTRIC COMPANY',
    'Electric bill',
    'Account holder: Dana Whitfield',
    'Account number: 5501 2299 8812',
    'Service address: 42 Oak Street, Springfield, IL 62704',
    'Statement date: 02/10/2026',
    'Billing period 01/05/2026 - 02/04/2026 Usage 712 kWh',
    'Total amount due $118.42',
    'Due date: 03/02/2026',
  ];
}

export function licenseLines(o: { exp?: string; name?: [string, string] } = {}): string[] {
  const [family, given] = o.name ?? ['WHITFIELD', 'DANA'];
  return [
    'ILLINOIS',
    'DRIVER LICENSE',
    '4d DL NO. W432-1187-6620',
    '3 DOB 07/14/1986',
    `4b EXP ${o.exp ?? '07/14/2029'}`,
    '4a ISS 07/14/2021',
    `1 ${family}`,
    `2 ${given}`,
    '8 42 OAK STREET',
    'SPRINGFIELD, IL 62704',
    'CLASS D  SEX F  HGT 5-07  EYES BRO',
  ];
}

/** ICAO 9303 check digit: weights 7, 3, 1; digits count as themselves, letters A=10..Z=35, filler 0. */
function mrzCheckDigit(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const v = c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += v * [7, 3, 1][i % 3]!;
  }
  return String(sum % 10);
}

/** The two 44-character lines of a passport book's machine-readable zone (dates YYMMDD), check digits computed. */
export function passportMrz(o: { family: string; given: string; number: string; nationality?: string; dob: string; sex?: string; exp: string }): [string, string] {
  const nat = o.nationality ?? 'USA';
  const name = `${o.family.replace(/ /g, '<')}<<${o.given.replace(/ /g, '<')}`;
  const line1 = `P<${nat}${name}`.padEnd(44, '<').slice(0, 44);
  const num = o.number.padEnd(9, '<');
  const personal = '<'.repeat(14);
  const parts = [num + mrzCheckDigit(num), nat, o.dob + mrzCheckDigit(o.dob), o.sex ?? 'F', o.exp + mrzCheckDigit(o.exp), personal + mrzCheckDigit(personal)];
  const composite = mrzCheckDigit(parts[0]! + parts[2]! + parts[4]! + parts[5]!);
  return [line1, parts.join('') + composite];
}

/** A US passport's data page as OCR reads it: the visual zone, then the machine-readable zone. */
export function passportLines(o: { family?: string; given?: string; exp?: string } = {}): string[] {
  const family = o.family ?? 'WHITFIELD';
  const given = o.given ?? 'DANA MARIE';
  return [
    'PASSPORT   UNITED STATES OF AMERICA',
    'Type P   Code USA   Passport No. 963545637',
    'Surname',
    family,
    'Given Names',
    given,
    'Nationality UNITED STATES OF AMERICA',
    'Date of birth 15 Mar 1986',
    'Place of birth TEXAS, U.S.A.   Sex F',
    'Date of issue 14 Apr 2017',
    `Date of expiration ${o.exp ?? '14 Apr 2027'}`,
    ...passportMrz({ family, given, number: '963545637', dob: '860315', exp: '270414' }),
  ];
}

export function form1040Lines(): string[] {
  return [
    'Form 1040 U.S. Individual Income Tax Return 2024',
    'Filing Status: Married filing jointly',
    'Your first name and middle initial: Dana',
    'Last name: Whitfield',
    'Adjusted gross income $88,120.00',
  ];
}

/** Page 1 of a 1040 as tax software flattens the IRS form: labels in rows, values under them, amounts after line numbers. */
export function form1040IrsLines(): string[] {
  return [
    'Form 1040 Department of the Treasury—Internal Revenue Service U.S. Individual Income Tax Return 2024 OMB No. 1545-0074',
    'Your first name and middle initial Last name Your social security number',
    'DANA M WHITFIELD 412-55-0192',
    'Home address (number and street). If you have a P.O. box, see instructions. Apt. no.',
    '42 OAK STREET',
    'Filing Status Check only one box.',
    'X Single Married filing jointly Married filing separately (MFS) Head of household (HOH) Qualifying surviving spouse (QSS)',
    '1a Total amount from Form(s) W-2, box 1 (see instructions) 1a 52,000.',
    '9 Add lines 1z, 2b, 3b, 4b, 5b, 6b, 7, and 8. This is your total income 9 52,310.',
    '11 Subtract line 10 from line 9. This is your adjusted gross income 11 52,310.',
  ];
}

/** Schedule C laid out the same way. */
export function scheduleCIrsLines(): string[] {
  return [
    'SCHEDULE C (Form 1040) Profit or Loss From Business (Sole Proprietorship) 2024',
    'Name of proprietor Social security number (SSN)',
    'DANA WHITFIELD 412-55-0192',
    'A Principal business or profession, including product or service (see instructions) B Enter code from instructions',
    'BAKERY 311810',
    'C Business name. If no separate business name, leave blank. D Employer ID number (EIN) (see instr.)',
    'WHITFIELD BAKERY LLC 36-4102983',
    '1 Gross receipts or sales. See instructions for line 1 and check the box if this income was reported to you on 1 184,250.',
    '28 Total expenses before expenses for business use of home. Add lines 8 through 27a 28 122,830.',
    '31 Net profit or (loss). Subtract line 30 from line 29. 31 (1,200.)',
  ];
}

export function scheduleCLines(): string[] {
  return [
    'SCHEDULE C (Form 1040) 2024',
    'Profit or Loss From Business (Sole Proprietorship)',
    'Name of proprietor: Dana Whitfield',
    'A Principal business or profession: Retail bakery',
    'C Business name: Whitfield Bakery',
    'D Employer ID number (EIN): 36-4102983',
    '1 Gross receipts or sales $142,300.00',
    '31 Net profit or (loss) $38,450.00',
  ];
}

export function form1099NecLines(): string[] {
  return [
    'Form 1099-NEC 2024 Nonemployee Compensation',
    "PAYER'S name: Lakeside Catering LLC",
    "PAYER'S TIN 47-2210953 RECIPIENT'S TIN 412-55-0192",
    "RECIPIENT'S name: Dana Whitfield",
    '1 Nonemployee compensation $12,500.00',
  ];
}

/**
 * A scan of a hand-filled W-9: the form's text, line 3's seven tax-classification boxes with a cross in the
 * `ticked` one (in the form's order: individual, C corp, S corp, partnership, trust/estate, LLC, other), and Part I's
 * numbers written one digit per box as on the real form (SSN 3-2-4 boxes, EIN 2-7 boxes). Omitted values stay blank.
 */
export async function makeW9Image(o: { ssn?: string; ein?: string; ticked?: number } = {}): Promise<Uint8Array> {
  const text = (x: number, y: number, s: string, size = 26, weight = 'normal') =>
    `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="${size}" font-weight="${weight}" fill="#111">${escapeXml(s)}</text>`;
  const left = [
    [120, 'Form W-9 Request for Taxpayer Identification Number and Certification'],
    [200, '1 Name (as shown on your income tax return). Name is required on this line.'],
    [250, 'Dana Whitfield'],
    [320, '2 Business name/disregarded entity name, if different from above'],
    [370, 'Whitfield Bakery LLC'],
    [430, '3 Check appropriate box for federal tax classification of the person on line 1.'],
    [740, '5 Address (number, street, and apt. or suite no.) See instructions.'],
    [790, '18 Orchard Lane'],
    [850, '6 City, state, and ZIP code'],
    [900, 'Springfield, IL 62704'],
  ] as const;
  // Line 3: five boxes in a row, the LLC box under the first, "Other" under that.
  const classes = [
    [100, 460, 'Individual/sole proprietor'],
    [400, 460, 'C Corporation'],
    [620, 460, 'S Corporation'],
    [840, 460, 'Partnership'],
    [1060, 460, 'Trust/estate'],
    [100, 540, 'Limited liability company. Enter the tax classification'],
    [100, 650, 'Other (see instructions)'],
  ] as const;
  const checkBoxes = classes.map(([x, y, label], i) => {
    const cross = i === o.ticked ? `<path d="M${x + 5} ${y + 5} L${x + 21} ${y + 21} M${x + 21} ${y + 5} L${x + 5} ${y + 21}" stroke="#124" stroke-width="4"/>` : '';
    return `<rect x="${x}" y="${y}" width="26" height="26" fill="none" stroke="#111" stroke-width="2"/>${cross}${text(x + 36, y + 21, label, 18)}`;
  });
  const body = [
    'Enter your TIN in the appropriate box. The TIN provided must match',
    'the name given on line 1 to avoid backup withholding. For',
    'individuals, this is generally your social security number (SSN).',
    'For other entities, it is your employer identification number (EIN).',
    'If you do not have a number, see How to get a TIN, later.',
  ];
  // One comb of boxes per group of digits, a dash between groups, the digits written inside.
  const comb = (x: number, y: number, groups: number[], digits: string) => {
    const box = 56;
    let out = '';
    let i = 0;
    for (const [g, n] of groups.entries()) {
      if (g) {
        out += `<line x1="${x + 10}" y1="${y + box / 2}" x2="${x + 30}" y2="${y + box / 2}" stroke="#111" stroke-width="4"/>`;
        x += 40;
      }
      for (let k = 0; k < n; k++, i++) {
        out += `<rect x="${x}" y="${y}" width="${box}" height="${box + 14}" fill="none" stroke="#111" stroke-width="3"/>`;
        if (digits[i]) out += text(x + 14, y + 52, digits[i]!, 40);
        x += box;
      }
    }
    return out;
  };
  const ssn = (o.ssn ?? '').replace(/\D/g, '');
  const ein = (o.ein ?? '').replace(/\D/g, '');
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="1700" height="2200"><rect width="100%" height="100%" fill="#ffffff"/>`,
    ...left.map(([y, s]) => text(80, y, s)),
    ...checkBoxes,
    text(80, 990, 'Part I   Taxpayer Identification Number (TIN)', 30, 'bold'),
    ...body.map((s, i) => text(80, 1060 + i * 44, s, 24)),
    `<rect x="1040" y="1030" width="600" height="44" fill="none" stroke="#111" stroke-width="3"/>`,
    text(1050, 1062, 'Social security number', 24, 'bold'),
    comb(1040, 1082, [3, 2, 4], ssn),
    text(1050, 1190, 'or', 24, 'bold'),
    `<rect x="1040" y="1200" width="600" height="44" fill="none" stroke="#111" stroke-width="3"/>`,
    text(1050, 1232, 'Employer identification number', 24, 'bold'),
    comb(1040, 1252, [2, 7], ein),
    text(80, 1470, 'Part II   Certification', 30, 'bold'),
    text(80, 1530, 'Under penalties of perjury, I certify that the number shown on this form is my correct', 24),
    text(80, 1574, 'taxpayer identification number.', 24),
    '</svg>',
  ].join('');
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

// ---- Broken and mislabelled files ---------------------------------------------------------------------------

/** Starts like a PDF, then garbage: pdf.js cannot parse it. */
/** A PDF written object by object (numbered from 1, the first the catalog), for structures PDF libraries won't make. */
export function rawPdf(objects: string[], trailerExtra = ''): Uint8Array {
  let out = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

export function corruptPdf(): Uint8Array {
  const junk = Buffer.alloc(2048);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 251;
  return new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R'), junk]));
}

/** A PNG signature followed by garbage. */
export function corruptPng(): Uint8Array {
  const b = Buffer.alloc(512, 0x41);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return new Uint8Array(b);
}

/** The fake model's record_document_review answer for the W-2 that w2Lines renders, with the wages given. */
export function w2ReviewAnswer(wages: string, year: number) {
  return toolUseMessage('record_document_review', {
    documentType: 'W2',
    confidence: 0.97,
    fields: [
      { name: 'employeeName', value: 'Dana Whitfield' },
      { name: 'employerName', value: 'Acme Widgets, Inc.' },
      { name: 'employerEin', value: '36-4102983' },
      { name: 'taxYear', value: String(year) },
      { name: 'wages', value: wages },
      { name: 'federalTaxWithheld', value: '5200.00' },
      { name: 'ssnLast4', value: '0192' },
    ],
    validationResults: [{ ruleName: 'not_altered', isValid: true, isValidReason: 'Consistent fonts and totals' }],
    checklistItem: '',
  });
}
