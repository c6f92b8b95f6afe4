// Pay stubs, bank statements, utility bills, invoices and receipts: label-driven extraction from text lines.
import { SERVICE_ADDRESS, addressees, addressesIn, findAddress, findDates, parseDate, parseMoney, titleCase, valueBelow } from '../parse';
import { AMOUNT_G, cleanName, columns, last4, type ExtractContext, type Extraction } from './context';
import type { LayoutItem } from '../types';

const DATE_SRC =
  String.raw`\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}`;

/**
 * OCR misreads a decimal point as a comma or a space: "144,02" and "$19,647 68" are 144.02 and 19,647.68.
 * Only a final two-digit group is repaired (a thousands group has three digits).
 */
export function repairOcrAmounts(line: string): string {
  return line.replace(/(\d),(\d{2})(?![\d,.])/g, '$1.$2').replace(/(\$\s?\d{1,3}(?:,\d{3})+) (\d{2})(?![\d,.])/g, '$1.$2');
}

/** Money amounts on a line; rates ("GST 10.00% 15.50") are not money. */
export function amountsIn(line: string): number[] {
  const out: number[] = [];
  const fixed = repairOcrAmounts(line).replace(/\.{3,}/g, ' '); // leader dots: "Ending Balance......4839.12"
  for (const m of fixed.matchAll(AMOUNT_G)) {
    if (/^\s*%/.test(fixed.slice((m.index ?? 0) + m[0].length))) continue;
    const n = parseMoney(m[0]);
    if (n !== null) out.push(n);
  }
  return out;
}

/** The amounts on the line carrying `label` (after the label, or on the next line). */
function amountsAfter(ctx: ExtractContext, label: RegExp): number[] {
  for (let i = 0; i < ctx.lines.length; i++) {
    const l = ctx.lines[i]!;
    const m = label.exec(l);
    if (!m) continue;
    const rest = l.slice(m.index + m[0].length);
    let a = amountsIn(rest);
    if (!a.length && i + 1 < ctx.lines.length && !/[A-Za-z]{4}/.test(ctx.lines[i + 1]!)) a = amountsIn(ctx.lines[i + 1]!);
    if (a.length) return a;
  }
  return [];
}

/** The first (or last) amount on the line carrying `label`. */
function amountAfter(ctx: ExtractContext, label: RegExp, which: 'first' | 'last' = 'first'): number | null {
  const a = amountsAfter(ctx, label);
  return (which === 'first' ? a[0] : a[a.length - 1]) ?? null;
}

function dateAfter(text: string, label: RegExp): string | null {
  const m = new RegExp(`(?:${label.source})[^\\n\\d]{0,25}(${DATE_SRC})`, 'i').exec(text);
  return m ? parseDate(m[m.length - 1]) : null; // the label may have groups of its own: the date is the last
}

function rangeAfter(text: string, label: RegExp): [string | null, string | null] {
  const m = new RegExp(`(?:${label.source})[^\\n\\d]{0,30}(${DATE_SRC})\\s*(?:-|–|to|through|thru)\\s*(${DATE_SRC})`, 'i').exec(text);
  return m ? [parseDate(m[m.length - 2]), parseDate(m[m.length - 1])] : [null, null];
}

const COMPANY_RE = /\b(INC|LLC|L\.L\.C|CORP|CORPORATION|COMPANY|CO|LTD|LP|LLP|PLLC|GROUP|BANK|N\.A)\b\.?/i;

/** Names redacted with runs of one letter (NNNN, XXXX) or blacked out. */
export function isRedactedToken(s: string): boolean {
  return /^([A-Z])\1{2,}$/.test(s.trim());
}

/** Header words that make a line a heading or label, not the employer ("Company Code RJ/ABC", "Earnings Statement"). */
const STUB_HEADING = /pay\s*(period|date)|company\s*code|statement|advice|\bcode\b|\bfile\b.*\bdept\b|\bvchr\b/i;
/** A legal suffix at the end of a line: the surest sign of a company name. */
const LEGAL_SUFFIX_END = /\b(INC|LLC|L\.L\.C|CORP|CORPORATION|LTD|LP|LLP|PLLC|CO)\.?$/i;
/** A company name up to its legal suffix, at the start of a line. */
const COMPANY_LEAD = String.raw`^([A-Za-z0-9&'.,-]+(?:\s+[A-Za-z0-9&'.,-]+)*?\s+(?:INC|LLC|L\.L\.C|CORP|CORPORATION|LTD|LP|LLP|PLLC))\.?`;
/** …that goes on ("… LLC Dana Whitfield Feb 1, 2026"). */
const LEGAL_SUFFIX_LEAD = new RegExp(String.raw`${COMPANY_LEAD}(?=\s+\S)`, 'i');
/** …that goes on with a pay stub's right-hand column ("… LLC Check Date: 02/20/2026"). */
const EMPLOYER_BESIDE_COLUMN = new RegExp(String.raw`${COMPANY_LEAD}(?=\s+(?:check\s+date|pay\s+(?:date|statement|period)|earnings\s+statement|period\b|voucher|net\s+pay|advice))`, 'i');

/** A section of a pay stub that follows another one ("Employee Taxes" as Gusto heads it). */
const NEXT_SECTION = /^((employee|employer)\s+)?(earnings|deductions|taxes|withholdings?|statutory|contributions|net\s*pay)\b/i;
/** The start of a pay stub's next section or summary line. */
const SECTION_START = /^(earnings|deductions|taxes|withholdings?|statutory|net\s*pay|gross|total|other)\b/i;
const PERSON_NAME = /^[A-Za-z][A-Za-z'.-]+(?:\s+[A-Za-z][A-Za-z'.-]*){1,3}$/;
/** A block's heading alone on its line. */
const BLOCK_HEADING = /^(company|employer|employee)$/i;
/** Words of a pay stub's labels and headings, never of a person's name ("Employee Gross Earnings"). */
const STUB_WORDS = /\b(ID|NUMBER|DEPARTMENT|STATUS|NAME|GROSS|EARNINGS|TAXES|DEDUCTIONS|WITHHELD|PAY|HOURS|RATE|SUMMARY|INFORMATION|DETAILS)\b/i;

/** Labels of a pay stub's right-hand column with their values, which the text layer runs into the name line beside them ("… Police Department" alone is a name's end). */
const STUB_RIGHT_COLUMN = /\s+(?:employee\s+(?:number|id|no\.?)|period\s+(?:beginning|ending|start(?:ing)?|end)|pay\s+(?:date|period|rate)|check\s+date|voucher|net\s+pay|department|ssn|job)\b\s*[:#]?\s*\S.*$/i;

/**
 * A name line of a pay stub without what the text layer ran into it: the right-hand column ("Dana Whitfield Employee
 * Number 001044"), or ADP's filing status before the name in its address window ("Taxable Marital Status: Single
 * DANA WHITFIELD").
 */
function stubLeftColumn(line: string): string {
  return line.replace(STUB_RIGHT_COLUMN, '').replace(/^.*\bmarital\s+status\s*:?\s*(?:single|married(?:\s+filing\s+\w+)?|head\s+of\s+household)?\s*/i, '').trim();
}

/**
 * A gross line under "Hours Amount YTD Hours YTD Amount" columns (Paylocity: "Gross Earnings 86.67 2,491.76 346.68
 * 9,967.04") carries hours before each amount: the amounts alone.
 */
function withoutHours(amounts: number[], text: string): number[] {
  if (amounts.length < 3 || amounts.length > 4 || !/\bhours\b.*\b(amount|current)\b/i.test(text)) return amounts;
  // Hours are few, and the pay beside them is hours times an hourly rate; a right-hand column's amounts are not.
  const rate = (pay: number, hours: number) => hours > 0 && hours <= 400 && pay / hours >= 5 && pay / hours <= 500;
  const [h, pay, a, b] = amounts as [number, number, number, number | undefined];
  if (b === undefined) return rate(pay, h) && a >= pay ? [pay, a] : amounts;
  return rate(pay, h) && rate(b, a) && a >= h && b >= pay && Math.abs(b / a - pay / h) <= 0.35 * (pay / h) ? [pay, b] : amounts;
}

type SummaryKey = 'gross' | 'taxes' | 'deductions' | 'net';
/** Column headings of a pay summary table, in the words payroll providers print; null for columns not kept. */
const SUMMARY_COLUMNS: [RegExp, SummaryKey | 'preTax' | 'postTax' | null][] = [
  [/hours(\s+worked)?/y, null],
  [/(fit|fica|federal|fed|state)?\s*taxable\s+(wages|gross)/y, null],
  [/gross(\s+(pay|earnings|wages))?/y, 'gross'],
  [/pre[\s-]?tax\s+deductions/y, 'preTax'],
  [/post[\s-]?tax\s+deductions/y, 'postTax'],
  [/(employee\s+)?taxes/y, 'taxes'],
  [/deductions/y, 'deductions'],
  [/net\s+pay/y, 'net'],
];

/**
 * A line read as a row of headings from a vocabulary (sticky patterns, tried in order), each with its text; null when
 * any part of the line is not one of them.
 */
function headingRow<T>(line: string, vocabulary: [RegExp, T][]): { value: T; text: string }[] | null {
  const l = line.trim().toLowerCase();
  const out: { value: T; text: string }[] = [];
  for (let at = 0; at < l.length; ) {
    const hit = vocabulary.find(([re]) => ((re.lastIndex = at), re.test(l)));
    if (!hit) return null;
    out.push({ value: hit[1], text: l.slice(at, hit[0].lastIndex) });
    at = hit[0].lastIndex;
    while (l[at] === ' ') at++;
  }
  return out;
}

/** The columns of a line made only of summary headings, or null. */
function summaryColumns(line: string): (SummaryKey | 'preTax' | 'postTax' | null)[] | null {
  const out = headingRow(line, SUMMARY_COLUMNS)?.map((h) => h.value);
  return out && out.length >= 3 && out.includes('net') ? out : null;
}

/**
 * A pay summary table (Workday's "Current and YTD Totals", UKG's "Pay Summary"): a row of headings, then "Current"
 * and "YTD" rows with an amount under each. Pre-tax and post-tax deductions are added up.
 */
function summaryTable(ls: string[]): Record<'current' | 'ytd', Partial<Record<SummaryKey, number>>> {
  const out: Record<'current' | 'ytd', Partial<Record<SummaryKey, number>>> = { current: {}, ytd: {} };
  for (let i = 0; i < ls.length; i++) {
    const columns = summaryColumns(ls[i]!);
    if (!columns) continue;
    for (const row of ls.slice(i + 1, i + 3)) {
      const which = /^(current|this\s+period)\b/i.test(row) ? 'current' : /^(ytd|year[\s-]*to[\s-]*date)\b/i.test(row) ? 'ytd' : null;
      const amounts = amountsIn(row);
      if (!which || amounts.length !== columns.length) continue;
      const at = (key: string) => amounts[columns.indexOf(key as SummaryKey)];
      for (const key of ['gross', 'taxes', 'net'] as const) if (at(key) !== undefined) out[which][key] = at(key);
      // Without a taxes column, "Deductions" may count the taxes too.
      if (at('taxes') !== undefined && at('deductions') !== undefined) out[which].deductions = at('deductions');
      if (at('preTax') !== undefined && at('postTax') !== undefined) out[which].deductions ??= Math.round((at('preTax')! + at('postTax')!) * 100) / 100;
    }
    return out;
  }
  return out;
}

/** A band header's headings: the dates each takes ("Pay Period" a range), or none for the other columns. */
const BAND_HEADINGS: [RegExp, ('periodStart' | 'periodEnd' | 'payDate')[] | null][] = [
  [/pay\s+period\s+(begin(ning)?|start)|period\s+(begin(ning)?|start)/y, ['periodStart']],
  [/pay\s+period\s+end(ing)?|period\s+end(ing)?/y, ['periodEnd']],
  [/pay\s+period/y, ['periodStart', 'periodEnd']],
  [/pay\s+(day|date)|check\s+date|advice\s+date/y, ['payDate']],
  [/company|employer|employee(\s+(id|number))?|name|check\s+(number|no\.?)|department/y, null],
];

/**
 * A band of headings over one row of values (Gusto: "Company Employee Pay Period Pay Day" over "Brightline Logistics
 * LLC Dana Whitfield Feb 1, 2026 - Feb 15, 2026 Feb 20, 2026"; Workday's header table): the dates in the order of
 * their headings; the employer, and the employee after it, when the company comes first and ends in a legal suffix.
 */
function bandHeader(ls: string[]): { periodStart?: string; periodEnd?: string; payDate?: string; employer?: string; employee?: string } {
  for (let i = 0; i + 1 < ls.length; i++) {
    const headings = headingRow(ls[i]!, BAND_HEADINGS);
    if (!headings) continue;
    const slots = headings.flatMap((h) => h.value ?? []);
    const others = headings.filter((h) => !h.value).map((h) => h.text);
    if (!slots.length || slots.length + others.length < 3) continue;
    const row = ls[i + 1]!;
    const dates = findDates(row);
    if (dates.length !== slots.length) continue;
    const out: ReturnType<typeof bandHeader> = Object.fromEntries(slots.map((slot, k) => [slot, dates[k]!.iso]));
    const company = others[0] === 'company' || others[0] === 'employer' ? LEGAL_SUFFIX_LEAD.exec(row) : null;
    if (company) {
      out.employer = company[1];
      const rest = row.slice(company[0].length, dates[0]!.index).replace(/^\.?\s+/, '').trim();
      if (/^employee/.test(others[1] ?? '') && PERSON_NAME.test(rest) && !STUB_WORDS.test(rest)) out.employee = rest;
    }
    return out;
  }
  return {};
}

export function extractPayStub(ctx: ExtractContext): Extraction {
  const { text, lines: ls } = ctx;
  const head = ls.slice(0, 8).filter((l) => !STUB_HEADING.test(l) && !BLOCK_HEADING.test(l));
  // Gusto and others head the blocks: "Company" over the employer's name, "Employee" over the employee's.
  const under = (heading: RegExp) => {
    const i = ls.findIndex((l) => heading.test(l));
    return i < 0 ? null : (ls[i + 1] ?? null);
  };
  // "Company: Brightline Logistics Inc." — up to the next label on the line ("… Employee: Dana Whitfield").
  const labelled = /^(?:company|employer)(?:[ \t]*name)?[ \t]*:[ \t]*(\S.*?)(?=\s+(?:employee|pay|check|period|name|id|department|address)\b[^:\n]{0,15}:|$)/im.exec(text)?.[1]?.trim() || undefined;
  const band = bandHeader(ls);
  const employerName =
    labelled ?? head.find((l) => LEGAL_SUFFIX_END.test(l)) ?? band.employer ?? under(/^(company|employer)$/i) ?? ls.slice(0, 8).map((l) => EMPLOYER_BESIDE_COLUMN.exec(l)?.[1]).find(Boolean) ?? head.find((l) => COMPANY_RE.test(l)) ?? ls[0] ?? null;
  let [payPeriodStart, payPeriodEnd] = rangeAfter(text, /pay\s*period|period/);
  payPeriodStart ??= dateAfter(text, /period\s*(begin(ning)?|start(ing)?)(\s*date)?/);
  payPeriodEnd ??= dateAfter(text, /period\s*end(ing)?(\s*date)?/);
  payPeriodStart ??= band.periodStart ?? null;
  payPeriodEnd ??= band.periodEnd ?? null;
  const payDate = dateAfter(text, /pay\s*date|check\s*date|pay\s*day/) ?? band.payDate ?? dateAfter(text, /^date\b/m);

  // A band's employee column goes first: "Employee Check Date …" is its heading, not a labelled name.
  let employeeName: string | null = band.employee ? cleanName(band.employee) : null;
  const nm = /(?:employee(?:\s*name)?|pay to the order of|name)[ \t]*[:#]?[ \t]*([A-Za-z][A-Za-z'.-]+(?:[ ,]+[A-Za-z][A-Za-z'.-]+){1,3})/i.exec(text);
  if (!employeeName && nm && /^[A-Z]/.test(nm[1]!) && !STUB_WORDS.test(nm[1]!)) employeeName = cleanName(nm[1]);
  const headed = under(/^employee$/i);
  if (!employeeName && headed && PERSON_NAME.test(headed) && !STUB_WORDS.test(headed)) employeeName = cleanName(headed);
  // No label: the name over the employee's mailing address (the stub is folded to show it in a window envelope).
  employeeName ??= cleanName(addressees(ls).map(stubLeftColumn).find((n) => n !== employerName && PERSON_NAME.test(n) && !COMPANY_RE.test(n)) ?? null);
  const redacted = ls.filter((l) => isRedactedToken(l)).length >= 2;

  // Section totals: the "Total" line after the Earnings / Deductions / Taxes headings (current first, YTD last).
  // A photo read several times holds the section once per reading: the first reading whose total reads wins.
  const sectionTotal = (heading: RegExp): { current: number | null; ytd: number | null } => {
    let found = { current: null as number | null, ytd: null as number | null };
    for (let i = 0; i < ls.length && found.current === null; i++) if (heading.test(ls[i]!)) found = sectionTotalAt(heading, i);
    return found;
  };
  const sectionTotalAt = (heading: RegExp, i: number): { current: number | null; ytd: number | null } => {
    // A summary line ("Taxes $441.25 $9,266.25") is its own total.
    const own = amountsIn(ls[i]!);
    if (own.length === 2) return { current: Math.abs(own[0]!), ytd: Math.abs(own[1]!) };
    // A one-amount summary ("Taxes 414.22") when the next line starts another section, not an item of this one.
    if (own.length === 1 && SECTION_START.test(ls[i + 1] ?? '')) return { current: Math.abs(own[0]!), ytd: null };
    for (let j = i + 1; j < Math.min(ls.length, i + 15); j++) {
      if (NEXT_SECTION.test(ls[j]!) && !heading.test(ls[j]!)) break; // another section's total is not this one's
      // A row named after the section ("Taxes 407.28 1,629.12" under TAXES) is its total too; hours are no money.
      const subtotal = heading.test(ls[j]!) && /^[A-Za-z]+\s*:?\s*\(?-?\$?\d/.test(ls[j]!); // "Taxes 407.28", not "Taxes withheld - Federal 200.00"
      if ((/^total\b/i.test(ls[j]!) || subtotal) && !/^total\s+hours\b/i.test(ls[j]!)) {
        // Prefer $-marked amounts: the same line often carries hours ("Total 80.00 $2,000.00 $10,000.00").
        const dollars = (ls[j]!.match(/\$\s?[\d,]+\.\d{2}/g) ?? []).map((m) => parseMoney(m)!).filter((n) => n !== null);
        const a = dollars.length ? dollars : amountsIn(ls[j]!);
        // The section's own total, even unreadable: a later "Total" belongs to another section or OCR reading.
        return { current: a[0] ?? null, ytd: a.length > 1 ? a[a.length - 1]! : null };
      }
    }
    // No total printed (ADP's statutory deductions): the sum of the section's lines, only when every line has a
    // current and a year-to-date amount, so a lone amount is never taken for the wrong column.
    const current: number[] = [];
    for (let j = i + 1; j < ls.length; j++) {
      if (/^(net|gross|total)\b/i.test(ls[j]!)) break;
      const a = amountsIn(ls[j]!);
      if (!a.length) break;
      if (a.length !== 2) return { current: null, ytd: null };
      current.push(Math.abs(a[0]!));
    }
    return { current: current.length ? Math.round(current.reduce((x, y) => x + y, 0) * 100) / 100 : null, ytd: null };
  };
  const earnings = sectionTotal(/^earnings\b/i);
  // Paychex heads its taxes "Deductions Statutory" and the rest "Other".
  const statutory = ls.some((l) => /^deductions\s+statutory\b/i.test(l));
  const deductions = sectionTotal(statutory ? /^other$/i : /^((other|voluntary)\s+)?deductions\b/i);
  const taxes = sectionTotal(/^(deductions\s+)?(taxes|withholdings?|statutory)\b/i);
  const gross = withoutHours(amountsAfter(ctx, /gross\s*(pay|earnings|wages)|total\s*(gross|earnings)/i), text);
  const table = summaryTable(ls);
  const grossPay = gross[0] ?? table.current.gross ?? earnings.current;
  // "Gross Pay $2,687.50 56,200.00" under "this period / year to date" columns: the last is year to date.
  const ytdColumn = /year[\s-]*to[\s-]*date|\bytd\b/i.test(text) && gross.length === 2 ? gross[1]! : null;
  const ytdGross = amountAfter(ctx, /(ytd|year.to.date)\s*gross|gross\s*(ytd|year.to.date)/i) ?? table.ytd.gross ?? earnings.ytd ?? ytdColumn;
  const netPay = amountAfter(ctx, /net\s*pay|net\s*amount|take.home/i) ?? table.current.net ?? null;
  // Gusto sums its deductions as pre-tax and post-tax.
  const [preTax, postTax] = [amountAfter(ctx, /^pre[\s-]?tax\s+deductions/im), amountAfter(ctx, /^post[\s-]?tax\s+deductions/im)];
  const split = preTax !== null && postTax !== null ? Math.round((preTax + postTax) * 100) / 100 : null;
  const totalDeductions = amountAfter(ctx, /total\s*deductions/i) ?? table.current.deductions ?? deductions.current ?? split;
  const totalTaxes = amountAfter(ctx, /total\s*taxes|taxes\s*total/i) ?? table.current.taxes ?? taxes.current;

  return {
    fields: {
      // The stub's title or its check's label run into the employer's line ("… INC Eamings Statement", "… PLLC Check#").
      employerName: employerName ? employerName.replace(/\s+(?:(?:earnings|eamings|pay)\s+statement|check\s*(?:date|#|no\b))[\s\S]*$/i, '').replace(/,\s*$/, '') || null : null,
      employeeName: employeeName ? titleCase(employeeName) : null,
      employeeNameRedacted: redacted && !employeeName ? true : undefined,
      payPeriodStart,
      payPeriodEnd,
      payDate,
      grossPay,
      netPay,
      ytdGross,
      totalDeductions,
      totalTaxes,
    },
    secrets: {},
  };
}

// Bank statements print a two-column header that the text layer merges into one line ("PRAIRIE BANK, N.A.  January 1,
// 2026 through January 31, 2026"): the left column ends where a right-column label or a date starts.
const RIGHT_COLUMN = new RegExp(
  String.raw`\s+(?=(?:statement|account|acct|for the period|page\s+\d|customer service|service center|member fdic|questions|web\s*site|www\.|${DATE_SRC})\b)`,
  'i',
);
const BANK_RE = /\bbank\b|credit union|\bN\.A\.?|savings (and|&) loan|federal credit/i;
/** Words of headings and labels, never of an account holder's name. */
const NOT_A_HOLDER = /\b(statement|account|summary|balance|period|page|customer|information|member|fdic|checking|savings|box|primary|banking)\b/i;
/** A printed account number, full or masked ("Account ending in 1234", "Account Number: XXXX1234"). */
const ACCOUNT_NUMBER_RE = /\b(?:account|acct)\.?(?:\s*(?:number|no\.?|#))?(?:\s*ending(?:\s*in)?)?\s*[:#]?\s*((?:[X*•\d][X*•\d -]{0,24})?\d{4})\b/i;
const MASKED_NUMBER_RE = /(?<![\w])[X*•]{2,}[ -]?(?:[X*•]{2,}[ -]?)*(\d{4})\b/i;
/** "360 Checking...8812": three dots, not a row of leader dots before an amount. */
const ELLIPSIS_NUMBER_RE = /(?<![.])(?:\.{3}|…)\s?(\d{4})(?![.,]?\d)/;
const MONTH_SRC = '(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\\.?';
const BALANCE_VALUE = /^\(?-?\$?\s?[\d,]+\.\d{2}\)?$/;

function leftColumn(line: string): string {
  const i = line.search(RIGHT_COLUMN);
  return (i > 0 ? line.slice(0, i) : line).trim();
}

/**
 * The holder's part of a line: its left column, and of a name in capitals only the capitals, since the text layer runs
 * it into the right-hand column ("DANA WHITFIELD Page: 1 of 3", "DANA WHITFIELD CitiPhone Banking", "… 001").
 */
function holderColumn(line: string): string {
  const s = leftColumn(line);
  const words = line.trim().split(/\s+/);
  const caps = (w: string) => /^[\p{Lu}&][\p{Lu}.,'&/-]*$/u.test(w);
  // Joint holders and trade names go on in lower case: "DANA WHITFIELD or JOHN WHITFIELD", "… LLC dba Sweet Rolls".
  const joins = (w: string | undefined) => /^(or|and|and\/or|pod|itf|tod|dba|d\/b\/a|fbo|&)$/i.test(w ?? '');
  if (words.length < 3 || !caps(words[0]!) || !caps(words[1]!)) return s;
  const end = words.findIndex((w) => !caps(w));
  const rest = words.slice(end).join(' ');
  // Cut only where a right-hand column starts: it holds a number or a label's colon.
  return end < 0 || joins(words[end]) || joins(words[end - 1]) || !/[\d:]/.test(rest) ? s : words.slice(0, end).join(' ');
}

function holderLine(line: string): boolean {
  const s = holderColumn(line);
  // A web address is the bank's ("Online ally.com"), never a holder's name.
  return /^[A-Za-z][A-Za-z .,'&/-]+$/.test(s) && s.replace(/[^A-Za-z]/g, '').length >= 3 && !NOT_A_HOLDER.test(s) && !BANK_RE.test(s) && !/\.(com|net|org|bank)\b/i.test(s);
}

/** `ACME PLUMBING LLC` → `Acme Plumbing LLC`: legal suffixes and DBA stay capitalised. */
function holderName(raw: string): string | null {
  const name = cleanName(raw.replace(/\bd\s*\/\s*b\s*\/\s*a\b/gi, 'DBA'));
  return name ? titleCase(name).replace(/\b(Llc|Llp|Pllc|Lp|Dba|Pc)\b/g, (s) => s.toUpperCase()) : null;
}

/** The holder: a labelled name, else the name lines above the first mailing address that is not the bank's. */
function statementHolder(ls: string[]): string | null {
  for (const l of ls) {
    const m = /(?:account\s*holder|account\s*name|account\s*owner|customer\s*name|prepared\s*for)\s*:?\s*(.+)/i.exec(l);
    if (m && holderLine(m[1]!)) return holderName(holderColumn(m[1]!));
  }
  for (const addr of addressesIn(ls)) {
    let j = addr.index - (addr.street && !ls[addr.index]!.includes(addr.street) ? 2 : 1);
    const names: string[] = [];
    for (; j >= 0 && names.length < 3 && holderLine(ls[j]!); j--) names.unshift(holderColumn(ls[j]!));
    if (names.length) return holderName(names.join(' '));
  }
  return null;
}

/** Statement period: a labelled range, "January 1 - January 31, 2026", any range, or the dated balances. */
function statementPeriod(text: string): [string | null, string | null] {
  let [start, end] = rangeAfter(text, /statement\s*period|for\s*the\s*period|period|from/);
  if (!start) {
    const short = new RegExp(String.raw`\b(${MONTH_SRC}\s+\d{1,2})\s*(?:-|–|to|through|thru)\s*(${MONTH_SRC}\s+\d{1,2},?\s+(\d{4}))`, 'i').exec(text);
    if (short) {
      end = parseDate(short[2]);
      start = parseDate(`${short[1]}, ${short[3]}`);
      if (start && end && start > end) start = parseDate(`${short[1]}, ${Number(short[3]) - 1}`); // December - January
    }
  }
  if (!start) {
    const m = new RegExp(`(${DATE_SRC})\\s*(?:-|–|to|through|thru)\\s*(${DATE_SRC})`, 'i').exec(text);
    if (m) [start, end] = [parseDate(m[1]), parseDate(m[2])];
  }
  start ??= dateAfter(text, /(beginning|opening)\s*balance\s*(on|as\s*of)/) ?? openedAfter(dateAfter(text, /previous\s*balance\s*(on|as\s*of)/));
  end ??= dateAfter(text, /(ending|closing)\s*balance\s*(on|as\s*of)|statement\s*date|closing\s*date|ending\s*date/) ?? dateAfter(text, /new\s*balance\s*(on|as\s*of)/);
  if (!end) [start, end] = yearlessBalances(text, start);
  return [start, end];
}

/**
 * The first day of a period from its previous balance's date: Truist's "previous balance as of 01/31" (a month's last
 * day) opens the period on February 1; a bank that dates it on the period's first day gives that day.
 */
function openedAfter(iso: string | null): string | null {
  if (!iso) return null;
  const next = new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return next.endsWith('-01') ? next : iso;
}

/**
 * "Beginning balance on 12/1 … Ending balance on 12/31" with the year only in the statement's date ("December 31,
 * 2025", as Wells Fargo prints them): the year of a full date on that day, else the year that puts the end on or
 * before the latest full date printed (a statement is dated at or after its period's end).
 */
function yearlessBalances(text: string, start: string | null): [string | null, string | null] {
  const md = (label: string) => new RegExp(String.raw`${label}\s*balance\s*on\s*(\d{1,2})/(\d{1,2})(?![/\d])`, 'i').exec(text);
  const e = md('(?:ending|closing)');
  if (!e) return [start, null];
  const dates = findDates(text).map((d) => d.iso);
  const monthDay = `${String(e[1]).padStart(2, '0')}-${String(e[2]).padStart(2, '0')}`;
  const latest = dates.sort().at(-1);
  if (!latest) return [start, null];
  const sameDay = dates.find((d) => d.slice(5) === monthDay);
  const year = sameDay ? Number(sameDay.slice(0, 4)) : Number(latest.slice(0, 4)) - (monthDay > latest.slice(5) ? 1 : 0);
  const end = parseDate(`${e[1]}/${e[2]}/${year}`);
  // A date long after the period is not the statement's ("Customer since 03/14/2009").
  if (!end || (!sameDay && Date.parse(latest) - Date.parse(end) > 62 * 86_400_000)) return [start, null];
  const b = md('(?:beginning|opening)');
  // December 1 to January 31 runs over the new year.
  if (b && !start) start = parseDate(`${b[1]}/${b[2]}/${Number(b[1]) > Number(e[1]) ? year - 1 : year}`);
  return [start, end];
}

const BALANCE_QUALIFIER = /^(beginning|opening|previous|starting|ending|closing|new)$/i;
const BALANCE_WORD = /^balance\b/i;

/**
 * A balance label wrapped in a narrow column ("Beginning" over "balance", as PNC prints its summary) made one label
 * again: in the lines, and in the layout, where the joined label sits on its second row, over its amount.
 */
function unwrapBalanceLabels(ctx: ExtractContext): ExtractContext {
  const lines: string[] = [];
  for (let i = 0; i < ctx.lines.length; i++) {
    const l = ctx.lines[i]!.trim();
    const next = ctx.lines[i + 1]?.trim() ?? '';
    if (BALANCE_QUALIFIER.test(l) && BALANCE_WORD.test(next)) lines.push(`${l} ${next}`), i++;
    else lines.push(ctx.lines[i]!);
  }
  const joined = new Set<LayoutItem>();
  const layout = ctx.layout?.flatMap((u) => {
    if (joined.has(u)) return [];
    if (!BALANCE_QUALIFIER.test(u.str.trim())) return [u];
    const d = ctx.layout!.find((v) => BALANCE_WORD.test(v.str.trim()) && Math.abs(v.x - u.x) < u.h && v.y > u.y && v.y - u.y <= 2 * u.h);
    if (!d) return [u];
    joined.add(d);
    return [{ str: `${u.str.trim()} ${d.str.trim()}`, x: u.x, y: d.y, w: Math.max(u.w, d.w), h: d.h }];
  });
  return { ...ctx, lines, layout };
}

/** The amount beside a balance label, else under it when the summary is a table (labels row, amounts row), else alone on the next line. */
function balance(ctx: ExtractContext, label: RegExp): number | null {
  // Under its label in the layout, whatever line the label is on (a label wrapped over two rows is whole only there).
  const underLabel = parseMoney(valueBelow(ctx.layout, label, BALANCE_VALUE));
  for (let i = 0; i < ctx.lines.length; i++) {
    const m = label.exec(ctx.lines[i]!);
    if (!m) continue;
    const amount = besideLabel(ctx.lines[i]!, m) ?? underLabel ?? aloneBelow(ctx, i);
    if (amount != null) return amount;
  }
  return underLabel;
}

/** The first amount after a label on its line. */
function besideLabel(line: string, m: RegExpExecArray): number | undefined {
  return amountsIn(line.slice(m.index + m[0].length))[0];
}

/** The one amount on the line after a label, when that line holds no words. */
function aloneBelow(ctx: ExtractContext, i: number): number | undefined {
  const next = ctx.lines[i + 1] ?? '';
  const amounts = /[A-Za-z]{4}/.test(next) ? [] : amountsIn(next);
  return amounts.length === 1 ? amounts[0] : undefined;
}

/**
 * Banks and the business-banking fintechs whose statements never print "bank" near the top ("Wells Fargo Everyday
 * Checking", "Mercury"). The name as they write it.
 */
const KNOWN_BANKS = [
  'Wells Fargo', 'Chase', 'Citibank', 'Capital One', 'Ally', 'PNC', 'Truist', 'TD Bank', 'U.S. Bank', 'Fifth Third', 'Regions',
  'KeyBank', 'Huntington', 'M&T', 'Santander', 'BMO', 'Citizens', 'Navy Federal', 'USAA', 'Discover', 'Charles Schwab', 'SoFi',
  'Chime', 'Varo', 'Novo', 'Mercury', 'Bluevine', 'Relay',
];
const KNOWN_BANK_RE = new RegExp(`\\b(${KNOWN_BANKS.map((b) => b.replace(/[.&]/g, (c) => `\\${c}`)).join('|')})\\b`, 'i');

const compact = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

/** A known bank named in the header, or by its web address ("wellsfargo.com", "capitalone.com"). */
function knownBank(head: string[]): string | null {
  for (const line of head) {
    const l = line.replace(/\S+@\S+/g, ' '); // the customer's email is no bank's name
    const m = KNOWN_BANK_RE.exec(l);
    if (m) return KNOWN_BANKS.find((b) => b.toLowerCase() === m[1]!.toLowerCase()) ?? null;
    for (const [, domain] of l.matchAll(/(?<![@\w-])([a-z0-9-]+)\.com\b/gi)) { // a web address, not an email's domain
      const bank = KNOWN_BANKS.find((b) => compact(b) === compact(domain!));
      if (bank) return bank;
    }
  }
  return null;
}

const BEGINNING_BALANCE = /(beginning|opening|previous|starting)\s*balance/i;
const ENDING_BALANCE = /(?<!daily\s)(ending|closing|new)\s*balance/i;
/** A sub-account's heading: its type (Ally's and PNC's spending and reserve accounts too), maybe a product name and a suffix or masked number. */
const ACCOUNT_HEADING = /\b(checking|savings|share|draft|money market|certificate)\b|\b(spend(ing)?|reserve|growth)\s+account\b/i;
/** Debts and roll-ups: their balances are no money on deposit, or count the accounts again. */
const NOT_A_DEPOSIT = /\b(loan|mortgage|credit card|line of credit|heloc|relationship|consolidated|overdraft|cash reserve)\b|^total\b|\btotals?$/i;

const cents = (n: number) => Math.round(n * 100) / 100;
type AccountBalances = { account: string; beginningBalance: number; endingBalance: number };
const total = (accounts: AccountBalances[], key: 'beginningBalance' | 'endingBalance') => cents(accounts.reduce((t, a) => t + a[key], 0));

/** Every labelled balance beside its label, or alone on the next line, in reading order. */
function balancesAt(ctx: ExtractContext, label: RegExp): { line: number; amount: number }[] {
  const out: { line: number; amount: number }[] = [];
  ctx.lines.forEach((l, i) => {
    const m = label.exec(l);
    if (!m) return;
    const amount = besideLabel(l, m) ?? aloneBelow(ctx, i);
    if (amount !== undefined) out.push({ line: i, amount });
  });
  return out;
}

/**
 * The accounts of a statement that summarises several (a credit union's share savings and checking, a consolidated
 * checking and savings statement): each beginning balance with the ending balance after it, a summary repeated for
 * the same account (the same two amounts) counted once. Fewer than two: one account.
 */
function accountsOf(ctx: ExtractContext): AccountBalances[] {
  const starts = balancesAt(ctx, BEGINNING_BALANCE);
  const ends = balancesAt(ctx, ENDING_BALANCE);
  const out: AccountBalances[] = [];
  starts.forEach((b, k) => {
    const e = ends.find((x) => x.line >= b.line && x.line < (starts[k + 1]?.line ?? Infinity));
    // The account's own heading just above its summary; a summary repeated in the transaction detail has none.
    const heading = ctx.lines.slice(Math.max(0, b.line - 3), b.line).reverse().find((l) => (ACCOUNT_HEADING.test(l) || NOT_A_DEPOSIT.test(l)) && !amountsIn(l).length);
    if (!e || !heading || NOT_A_DEPOSIT.test(heading)) return;
    const account = maskAccountNumbers(heading.replace(/^([A-Z]+) SUMMARY\s*(.*)$/, (_, type: string, product: string) => product || type)).trim();
    if (out.some((a) => a.account === account && a.beginningBalance === b.amount && a.endingBalance === e.amount)) return;
    out.push({ account, beginningBalance: b.amount, endingBalance: e.amount });
  });
  // A roll-up under an account word ("Checking & Savings"): its balances are the others' sums.
  const others = (a: AccountBalances) => out.filter((x) => x !== a);
  const accounts = out.filter((a) => out.length < 3 || a.beginningBalance !== total(others(a), 'beginningBalance') || a.endingBalance !== total(others(a), 'endingBalance'));
  return accounts.length >= 2 ? accounts : [];
}

/** A full account number in a heading, grouped or not, keeps only its last four digits. */
function maskAccountNumbers(s: string): string {
  return s.replace(/\d[\d -]*\d/g, (n) => {
    const digits = n.replace(/\D/g, '');
    return digits.length >= 5 ? `…${digits.slice(-4)}` : n;
  });
}

export function extractBankStatement(raw: ExtractContext): Extraction {
  const ctx = unwrapBalanceLabels(raw);
  const { text, lines: ls } = ctx;
  // A name, not a sentence about one ("Mercury is a financial technology company, not a bank. Banking services…").
  // Nor where to write to it ("Mail: Truist Bank, Attn: Customer Service").
  const bankName = ls.slice(0, 12).map(leftColumn).find((l) => BANK_RE.test(l) && !/statement|^mail\s*:|\b(attn|write\s+to)\b/i.test(l) && l.length <= 60 && !/\.\s/.test(l)) ?? knownBank(ls.slice(0, 12));
  const [periodStart, periodEnd] = statementPeriod(text);
  // Only the last 4 digits leave this function: a statement may print the full account number.
  const accounts = accountsOf(ctx);
  const acct = ACCOUNT_NUMBER_RE.exec(text)?.[1] ?? MASKED_NUMBER_RE.exec(text)?.[1] ?? ELLIPSIS_NUMBER_RE.exec(text)?.[1] ?? null;
  return {
    fields: {
      accountHolder: statementHolder(ls),
      bankName,
      periodStart,
      periodEnd,
      beginningBalance: accounts.length ? total(accounts, 'beginningBalance') : balance(ctx, BEGINNING_BALANCE),
      endingBalance: accounts.length ? total(accounts, 'endingBalance') : balance(ctx, ENDING_BALANCE),
      accountNumberLast4: last4(acct),
      // Several accounts: each one's balances, and the totals above.
      ...(accounts.length ? { accounts } : {}),
    },
    secrets: {},
  };
}

/** The mailing address printed under a name. */
function holderAddress(ls: string[], name: string | null): string | null {
  if (!name) return null;
  return [...addressesIn(ls)].find((a) => a.streetIndex && ls[a.streetIndex - 1]!.toLowerCase().includes(name.toLowerCase()))?.line ?? null;
}

/** "Due by Feb 10": the first such day on or after the bill's date. */
function yearlessDue(text: string, statementDate: string | null): string | null {
  const m = new RegExp(String.raw`(?<!past\s)\bdue\s*(?:date|by|on)?\s*:?\s*(${MONTH_SRC}\s+\d{1,2}|\d{1,2}/\d{1,2})(?![/\d]|,?\s*\d{4})`, 'i').exec(text);
  if (!m || !statementDate) return null;
  const inYear = (year: number) => parseDate(`${m[1]}${m[1]!.includes('/') ? '/' : ', '}${year}`);
  const due = inYear(Number(statementDate.slice(0, 4)));
  return due && due < statementDate ? inYear(Number(statementDate.slice(0, 4)) + 1) : due;
}

export function extractUtilityBill(ctx: ExtractContext): Extraction {
  const { text, lines: ls } = ctx;
  // Without the right-hand column the text layer runs into it ("Georgia Power Page 1 of 2").
  const provider = leftColumn(ls.slice(0, 6).find((l) => /energy|electric|power|gas|water|utilit|edison|light/i.test(l)) ?? ls[0] ?? '') || null;
  let serviceAddress: string | null = null;
  const si = ls.findIndex((l) => SERVICE_ADDRESS.test(l));
  if (si >= 0) {
    const inline = ls[si]!.replace(new RegExp(`.*?(?:${SERVICE_ADDRESS.source})\\s*:?\\s*`, 'i'), '');
    const addr = findAddress([inline, ...ls.slice(si + 1, si + 4)].filter(Boolean));
    // A street alone ("Service Location: 12 Orchard Ln") is completed by the mailing address on that street.
    const words = (x: string | null) => x?.toLowerCase().replace(/\W+/g, ' ').trim();
    const mailing = [...addressesIn(ls)].find((a) => words(a.street) === words(inline));
    serviceAddress = addr?.line ?? mailing?.line ?? (inline || null);
  }
  let accountHolder: string | null = null;
  // The name ends where the next column starts (a wide gap) or at the next box's label ("Due Date", "Account No.").
  // Two words at least: PaddleOCR's "DANAWHITFIELD" is left for another reading; a label's "Accoumt No." is no name.
  for (const ah of text.matchAll(/(?:account[ \t]*holder|customer(?:[ \t]*name)?(?![ \t]*service)|service[ \t]*at|name)[ \t]*:?[ \t]*([A-Za-z][A-Za-z'.-]+(?:[ \t]{1,2}[A-Za-z][A-Za-z'.-]+){1,3})/gi)) {
    const named = ah[1]!.replace(/\s+(?:due|date|account|amount|billing|bill|statement|service|total|payment)\b.*$/i, '');
    if (/^[A-Z]\S*\s+\S/.test(named) && !/^(?:account|amount|billing|bill|statement|due|date)\b|\bno\.?$|\bnumber\b/i.test(named)) {
      accountHolder = cleanName(named);
      break;
    }
  }
  // No label: the name over the mailing address (a person's, or a business's at a business address).
  // The coupon runs the name into its right-hand box ("DANA WHITFIELD Payment Due By Mar 23, 2026").
  accountHolder ??= cleanName(addressees(ls).map(holderColumn).find((n) => n !== provider && /^[A-Za-z][A-Za-z .,'&-]+$/.test(n)) ?? null);
  // No service address printed (most phone bills): the address the bill is mailed to.
  serviceAddress ??= holderAddress(ls, accountHolder);
  const acct = (/account\s*(?:number|no\.?|#)\s*:?\s*([\d][\d -]{3,20}\d)/i.exec(text) ?? /^\s*account\s*:\s*([\d][\d -]{3,20}\d)/im.exec(text))?.[1] ?? null;
  // Else the end of the bill's period ("Bill period: Feb 15, 2026 - Mar 14, 2026", as T-Mobile prints it).
  const statementDate = dateAfter(text, /statement\s*date|bill(ing)?\s*date|date\s*of\s*bill|issue\s*date/) ?? rangeAfter(text, /bill(ing)?\s*period/)[1];
  return {
    fields: {
      provider,
      accountHolder: accountHolder ? titleCase(accountHolder) : null,
      serviceAddress,
      statementDate,
      // Not "past due as of 12/15" (last bill's), nor "total amount due" (no date follows it).
      dueDate: dateAfter(text, /(?<!past\s)due\s*(?:date|by|on)|payment\s*due|please\s*pay\s*by|(?:^|\n)due\b/) ?? yearlessDue(text, statementDate),
      totalDue: totalDueOf(ctx),
      accountNumberLast4: last4(acct),
    },
    secrets: {},
  };
}

/**
 * A bill's total due: a "total" label first, then any amount due that is not the last bill's ("Amount Due on Previous
 * Statement $142.17", "Previous Amount Due"). Under an aging row's headings ("Current 1-30 Days … Amount Due") the
 * amount under the last heading.
 */
function totalDueOf(ctx: ExtractContext): number | null {
  // Not the last bill's amount, the late amount ("… after 03/02/2026"), or one due on something else ("… on device").
  const not = String.raw`(?!\s+(?:after\b|(?:on|for|from)\b(?!\s*\d)))`;
  const labels = [new RegExp(String.raw`(?<!previous\s)(?:total\s*(?:amount\s*)?due|total\s*balance\s*due)${not}`, 'i'), new RegExp(String.raw`(?<!previous\s)(?:amount\s*due|balance\s*due|please\s*pay)${not}`, 'i')];
  for (const label of labels) {
    for (const [i, l] of ctx.lines.entries()) {
      const m = label.exec(l);
      if (!m) continue;
      const beside = amountsIn(l.slice(m.index + m[0].length));
      if (beside.length) return beside[0]!;
      const below = /[A-Za-z]{4}/.test(ctx.lines[i + 1] ?? '') ? [] : amountsIn(ctx.lines[i + 1] ?? '');
      // The label ends a row of several headings (an aging row): its amount is the last of the row below.
      if (below.length) return below.length > 2 && !l.slice(m.index + m[0].length).trim() ? below.at(-1)! : below[0]!;
    }
  }
  return null;
}

/**
 * An invoice's tax: the last amount of its line up to the next total ("Sales tax - Texas (8.25% on $500.00) $41.25"
 * names its base first; "Tax $41.25 Total $541.25" goes on to the total).
 */
function taxOf(ctx: ExtractContext): number | null {
  for (const l of ctx.lines) {
    const m = /\b(sales\s*)?tax\b|\bGST\b|\bVAT\b/i.exec(l); // not "renoVATion"
    if (!m) continue;
    const own = l.slice(m.index + m[0].length).replace(/\b(sub\s*total|total|shipping|discount|balance|amount due)\b.*$/i, '');
    const amounts = amountsIn(own);
    if (amounts.length) return amounts.at(-1)!;
  }
  return null;
}

/**
 * The customer's part of a row under "Bill to" that runs on into the next columns: up to a date or another heading,
 * and once when the same name is shipped to ("Dana Whitfield Dana Whitfield DATE 03/02/2026").
 */
function billedName(row: string): string {
  const dates = findDates(row);
  let name = row.slice(0, dates[0]?.index ?? row.length).replace(/\s+\b(DATE|INVOICE|TERMS|DUE)\s*$/, '').trim();
  const words = name.split(/\s+/);
  const half = words.length / 2;
  if (half >= 2 && words.length % 2 === 0 && words.slice(0, half).join(' ').toLowerCase() === words.slice(half).join(' ').toLowerCase()) name = words.slice(0, half).join(' ');
  return name;
}

/** The heading's text before "INVOICE": the vendor's name, or its logo as OCR read it. */
function headingName(raw: string): string {
  return raw.replace(/\s*\binvoice\b.*$/i, '').trim();
}

/**
 * The fragments of a logo OCR broke apart ("Go   gle": a coloured letter lost in greyscale), or null for a name.
 * Tesseract keeps printed gaps, and the words of a name sit one space apart.
 */
function fragmentsOf(name: string): string[] | null {
  const parts = name.split(/\s{3,}/);
  return parts.length >= 2 && parts.every((p) => /^[A-Za-z]{1,4}$/.test(p)) && parts.some((p) => p.length <= 3) ? parts : null;
}

/**
 * The first line names the vendor. When OCR broke it into fragments, another reading of the page that has the same
 * fragments with the lost letters between them ("Google" for "Go   gle") repairs it; else it is unknown.
 */
function vendorOf(raw: string[]): string | null {
  const first = raw[0] ? headingName(raw[0]) : '';
  const fragments = fragmentsOf(first);
  if (!fragments) return first.replace(/\s+/g, ' ') || null;
  const whole = new RegExp(`^\\s*(${fragments.join('[A-Za-z]{1,2}')})\\b`, 'i');
  for (const l of raw.slice(1)) {
    const m = whole.exec(l);
    if (m) return m[1]!;
  }
  return null;
}

export function extractInvoice(ctx: ExtractContext): Extraction {
  const { text } = ctx;
  const invoiceNumber = /invoice\s*(?:number|no\.?|#)?\s*[:#]?\s*([A-Z]{0,4}-?\d[\w-]{2,})/i.exec(text)?.[1] ?? null;
  const raw = ctx.rawLines;
  // A heading ("Bill To:", "BILL TO SHIP TO", "… LLC Bill to"), not a sentence ("will be billed to your card").
  const bi = raw.findIndex((l) => /^\s*bill(?:ed)?\s*to\b|\bbill(?:ed)?\s*to\s*(?::|$)/i.test(l));
  let billTo: string | null = null;
  if (bi >= 0) {
    const rest = raw[bi]!.replace(/.*bill(?:ed)?\s*to\s*:?/i, '');
    // Another heading beside it ("BILL TO SHIP TO INVOICE 1047") puts the name on the next line.
    const sameLine = /^\s{0,2}\S/.test(rest) && !/^\s*(ship\s*to|invoice\s*(date|#|no\b|number|\d)|date\b)/i.test(rest) ? columns(rest)[0] : undefined;
    billTo = cleanName(billedName(sameLine ?? columns(raw[bi + 1] ?? '')[0] ?? ''));
  }
  const customer = /customer\s*name\s*:?\s*(.+)/i.exec(text)?.[1]?.trim() ?? billTo;
  return {
    fields: {
      vendorName: vendorOf(ctx.rawLines),
      customerName: customer,
      invoiceNumber,
      invoiceDate: dateAfter(text, /invoice\s*date|date\s*(of\s*issue)?/) ?? findDates(text)[0]?.iso ?? null,
      dueDate: dateAfter(text, /due\s*date|date\s*due|payment\s*due|(?:^|\n)due\b/),
      subtotal: amountAfter(ctx, /sub\s*-?\s*tota/i),
      tax: taxOf(ctx),
      total: amountAfter(ctx, /^(invoice\s*)?total?\b(?!\s*due)|\btotal\s*(amount)?(?!\s*due)/i), // OCR drops the final l: "Tota"
      amountDue: amountAfter(ctx, /balance\s*due|amount\s*due|total\s*due/i),
    },
    secrets: {},
  };
}

/** Promotions and instructions printed above or below the store's name ("See back of receipt for your chance to win"). */
const PROMOTION = /\b(see|visit|win|chance|survey|feedback|scan|download|thank)\b|www\.|https?:|\.com\b|@/i;

/**
 * Printed like a store's name: capitalised words (short joining words aside), not an address or phone number.
 * Lower-case words mark a sentence, also when OCR glued them together ("See backofrecelptforyourchance").
 */
function nameShaped(l: string): boolean {
  const words = l.match(/[A-Za-z][A-Za-z'&.-]*/g) ?? [];
  // Not a label's line ("SERVER: AMY TABLE 12"); a name may hold a colon ("Hudson News: JFK").
  return /[A-Za-z]{3}/.test(l) && !/^\W*\d|\d{3}|^\W*(server|cashier|clerk|host|table|guests?|date|time|order|check|terminal|register|ticket)\s*#?\s*:/i.test(l) && words.every((w) => /^[A-Z]/.test(w) || /^(of|and|the|de|la|du)$/.test(w));
}

/**
 * A chain's store number after its name ("OLIVE GARDEN #1234", "TARGET T-2205", "SHELL STORE 57442"); not after the
 * words of a slip's own numbers ("Order #2041", "Check #4021").
 */
const STORE_NUMBER = /(?<!^\W*(?:order|check|receipt|invoice|ticket|table|trans(?:action)?|reg(?:ister)?|terminal|store|tran|seq))\s+(?:#\s*|no\.?\s*|store\s*#?\s*)\d{2,6}\s*$|\s+T-\d{3,6}\s*$/i;

/** The merchant: the first name-shaped line at the top, promotions skipped; else the first worded line there. */
function merchantOf(ls: string[]): string | null {
  // An online order's summary names its store by its web address ("Amazon.com"), a promotion's look elsewhere.
  const order = /order (total|placed)|final details for order/i.test(ls.join(' '));
  const online = order ? /\b(amazon|walmart|target|bestbuy|ebay|etsy)\.com\b/i.exec(ls.slice(0, 8).join(' '))?.[0] : undefined;
  if (online) return online[0]!.toUpperCase() + online.slice(1).toLowerCase();
  const top = ls.filter((l) => !PROMOTION.test(l)).slice(0, 5).map((l) => l.replace(STORE_NUMBER, ''));
  return top.find(nameShaped) ?? top.find((l) => /[A-Za-z]{3}/.test(l)) ?? null;
}

export function extractReceipt(ctx: ExtractContext): Extraction {
  const { text, lines: ls } = ctx;
  const merchant = merchantOf(ls);
  const total = amountAfter(ctx, /^\s*total\b|\btotal\s*(due|amount)?\s*:?\s*\$?\s*(?=\d)/i);
  return {
    fields: {
      merchant: merchant ? merchant.replace(/[^A-Za-z0-9 '&.-]/g, '').trim() : null,
      date: findDates(text)[0]?.iso ?? null,
      subtotal: amountAfter(ctx, /sub\s*-?\s*total/i),
      total,
    },
    secrets: {},
  };
}
