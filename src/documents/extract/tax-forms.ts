// W-2, 1099, W-9: one-page IRS forms. With a text layer the values are read by position (the label sits at the top
// of its box, the value below it), because the text layer's reading order is often scrambled. Without one (OCR),
// by label proximity in the text.
import { STREET_RE, addressees, afterLabel, findAddress, parseMoney, titleCase, valueBelow, itemsBelow } from '../parse';
import { AMOUNT_G, AMOUNT_RE, EIN_RE, ORDINAL, SSN_RE, TRUNCATED_SSN, cleanName, columns, last4, looksLikeName, withoutRevisions, type ExtractContext, type Extraction } from './context';

const MONEY_CELL = /^\$?\s?(?:\d{1,3}(?:,\d{3})+|\d{3,})(?:\.\d{2})?$|^\$?\s?\d+\.\d{2}$/;
/**
 * Printed label text inside a box (not a filled-in value): the box labels themselves, another box's label
 * ("RECIPIENT'S name", "Box 2. Beneficiary's …"), a numbered money box ("1 Gross distribution $"), the title, the copy.
 */
const LABEL_WORDS =
  /foreign postal|telephone no|street address|federal id number|identification number|city or town|including apt|see instructions|state or province|\bform\s*1099|^\d{1,2}[a-z]?\s+[A-Za-z].*\$$|\b(?:payer|filer|recipient|payee)['’]?s\s+name\b|^box\s*\d+\.\s|^copy\s+[a-z0-9]\s+(?:for|to)\b|check to indicate/i;
/** "TIN" in capitals is the label; "Tin Roof Partners" is a name. */
const isLabelText = (s: string) => LABEL_WORDS.test(s) || /\bTIN\b/.test(s);

function firstValue(items: { str: string }[]): string | null {
  return items.map((i) => i.str.trim()).find((v) => /[A-Za-z]{2}/.test(v) && !isLabelText(v)) ?? null;
}
/** A name that starts with an ordinal ("1st Source Bank"), not a street number. */
const ORDINAL_NAME = new RegExp(String.raw`^${ORDINAL}\s+[A-Z]`);
/** A printed name in title case ("Dana Whitfield"); handwriting that OCR garbles seldom comes out like this. */
const TITLE_CASE_NAME = new RegExp(String.raw`^(?:${ORDINAL}\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z.&]*){1,4}$`);
/** Words of a form's titles and boxes, never of a payer's or recipient's name. */
const FORM_WORDS = /\b(form|copy|income|tax|payments?|proceeds|totaling|dividends|interest|compensation|nonemployee|miscellaneous|distributions?|transactions|calendar|benefits?)\b/i;
const TIN_CELL = /^(?:\d{3}-?\d{2}-?\d{4}|\d{2}-\d{7}|\d{2}-\d{3}-\d{4}|\d{9}|\*{3}-\*{2}-\d{4}|X{3}-X{2}-\d{4})$/i;

function money(ctx: ExtractContext, label: RegExp, textLabel?: RegExp): number | null {
  const cell = valueBelow(ctx.layout, label, MONEY_CELL, { maxDy: 30, width: 110 });
  if (cell) return parseMoney(cell);
  if (textLabel) {
    const v = afterLabel(ctx.text, textLabel, new RegExp(AMOUNT_RE.source));
    if (v) return parseMoney(v);
  }
  return null;
}

/**
 * OCR'd forms without positions: the amount written under a box label, on one of the next lines. Boxes sit side by
 * side, so the label's rank among the box labels on its line picks the amount on the value line
 * ("3 Other income  4 Federal income tax withheld" / "$5000  $1,850").
 */
function moneyBelow(ls: string[], label: RegExp, labels: RegExp[]): number | null {
  const i = ls.findIndex((l) => label.test(l));
  if (i < 0) return null;
  const at = ls[i]!.search(label);
  const column = labels.filter((re) => {
    const j = ls[i]!.search(re);
    return j >= 0 && j < at;
  }).length;
  for (const l of ls.slice(i + 1, i + 4)) {
    if (labels.some((re) => re.test(l))) return null; // the next row of boxes: this box is empty
    const found = l.match(AMOUNT_G);
    if (found) return parseMoney(found[column]);
  }
  return null;
}

/** The tax year printed near a phrase: "For calendar year 2025" first, never the form's revision date. */
function year(raw: string, near: RegExp): number | null {
  const text = withoutRevisions(raw);
  const calendar = /for calendar year\s*(20\d{2})\b/i.exec(text);
  if (calendar) return Number(calendar[1]);
  const m = new RegExp(`(?:${near.source})[^\\n]{0,40}?(?<!\\d)(20\\d{2}|19\\d{2})(?!\\d)|(?<!\\d)(20\\d{2})(?!\\d)[^\\n]{0,20}(?:${near.source})`, 'i').exec(text);
  const y = m?.[1] ?? m?.[2];
  return y ? Number(y) : null;
}

function firstLine(s: string | null | undefined): string | null {
  if (!s) return null;
  return s.split('\n')[0]!.replace(/,\s*$/, '').trim() || null;
}

/** A W-2 box's label as a text run starts, with or without the box's number ("1 Wages, tips, other compensation"). */
function box(label: RegExp): RegExp {
  return new RegExp(`^(?:\\d{1,2}[a-d]?\\s+)?(?:${label.source})`, 'i');
}

/** A numbered W-2 box flattened onto the same line as the employer's name ("ACME INC 5 Medicare wages and tips …"). */
const NEXT_BOX = /\s+\d{1,2}[a-d]?\s+(?:wages|federal|social security|medicare|allocated|dependent|nonqualified|statutory|other|state|local)\b.*$/i;

/** The W-2's money boxes, as moneyBelow tells one box's column from its neighbour's. */
const W2_BOX_LABELS = [/wages,? tips,? other compensation/i, /federal income tax withheld/i, /social security wages/i, /social security tax withheld/i, /medicare wages and tips/i, /medicare tax withheld/i, /social security tips/i, /allocated tips/i];

export function extractW2(ctx: ExtractContext): Extraction {
  const t = ctx.text;
  const ssnCell = valueBelow(ctx.layout, /employee.s social security number/i, TIN_CELL, { maxDy: 30, width: 160, leftSlack: 40 });
  // An employee's copy may print it truncated ("XXX-XX-0192").
  const ssn = ssnCell ?? SSN_RE.exec(t)?.[0] ?? TRUNCATED_SSN.exec(t)?.[0] ?? null;
  const einCell = valueBelow(ctx.layout, /employer identification number/i, /^\d{2}-?\d{7}$/, { maxDy: 30, width: 200 });
  const ein = einCell ?? EIN_RE.exec(t)?.[0] ?? null;

  let employerName: string | null = null;
  let employerAddress: string | null = null;
  const er = itemsBelow(ctx.layout, /employer.s name, address/i, { maxDy: 80, width: 260 });
  if (er.length) {
    employerName = er[0]!.str.trim();
    const addr = findAddress(er.slice(1).map((i) => i.str.trim()));
    employerAddress = addr?.line ?? null;
  }
  let employeeName: string | null = null;
  const ee = itemsBelow(ctx.layout, /employee.s first name/i, { maxDy: 22, width: 280 });
  if (ee.length) {
    const row = ee.filter((i) => Math.abs(i.y - ee[0]!.y) < 4 && /[A-Za-z]/.test(i.str)).sort((a, b) => a.x - b.x);
    // A lone letter well apart from the name is the next box's (a 4-up sheet's box 12 code "D"), not an initial.
    const [last, before] = [row.at(-1), row.at(-2)];
    if (last && before && /^[A-Z]$/.test(last.str.trim()) && last.x - (before.x + before.w) > 24) row.pop();
    employeeName = cleanName(row.map((i) => i.str.trim()).join(' '));
  }
  let employeeAddress: string | null = null;
  const ea = itemsBelow(ctx.layout, /employee.s first name/i, { maxDy: 110, width: 280 });
  if (ea.length) employeeAddress = findAddress(ea.map((i) => i.str.trim()))?.line ?? null;

  if (!ctx.layout) {
    // OCR / plain text: "c Employer's name..." then the name on the next line(s).
    // Of the readings, the first whose line under the label holds no other box's words (PaddleOCR glues the next
    // box's label to the name when it drops its number: "LAKESHORELOGISTICSINC Social secumitywages").
    const boxWords = /wages|withheld|social secu|medicare|compensation|\btips\b/i;
    const labelled = ctx.lines.flatMap((l, k) => (/employer.s name/i.test(l) ? [k] : []));
    const i = labelled.find((k) => !boxWords.test(ctx.lines[k + 1]?.replace(NEXT_BOX, '') ?? '')) ?? labelled[0] ?? -1;
    const below = (k: number) => ctx.lines.slice(k + 2, k + 5).map((l) => l.replace(NEXT_BOX, ''));
    if (i >= 0) {
      employerName = cleanName(ctx.lines[i + 1]?.replace(NEXT_BOX, '')) ?? null;
      employerAddress = findAddress(below(i))?.line ?? null;
    }
    const j = ctx.lines.findIndex((l) => /employee.s (first )?name/i.test(l));
    if (j >= 0) {
      employeeName = cleanName(ctx.lines[j + 1]?.replace(/\b(last name|suff\.?)\b/gi, '')) ?? null;
      employeeAddress = findAddress(below(j))?.line ?? null;
      // OCR read the box's two columns apart: "DANA M" under the first name's label, "WHITFIELD" under "Last name".
      const k = ctx.lines.findIndex((l) => /^\W*last name\b/i.test(l));
      const family = k >= 0 ? ctx.lines[k + 1]?.trim() : undefined;
      if (employeeName && /^[A-Za-z'-]+ [A-Z]\.?$/.test(employeeName) && family && /^[A-Z][A-Z'-]{1,30}$/.test(family)) employeeName += ` ${family}`;
    }
  }

  // A photo's boxes without positions: the amount on the line under its label, for the two a lender needs (OCR's
  // sparse pass can pair the smaller boxes' labels with their neighbours' amounts; w2_tax_math would catch it).
  const boxMoney = (label: RegExp, textLabel: RegExp) => money(ctx, box(label), textLabel) ?? (ctx.ocr ? moneyBelow(ctx.lines, textLabel, W2_BOX_LABELS) : null);
  const wages = boxMoney(/wages, tips, other comp/, /wages,? tips,? other compensation/i);
  const fields: Record<string, unknown> = {
    employeeName: employeeName ? titleCase(employeeName) : null,
    employerName: employerName ? firstLine(employerName) : null,
    employerEin: ein,
    taxYear: year(t, /wage and tax statement/) ?? year(t, /form\s*W-?2/),
    wages,
    federalTaxWithheld: boxMoney(/federal income tax withheld/, /federal income tax withheld/i),
    socialSecurityWages: money(ctx, box(/social security wages/), /social security wages/i),
    socialSecurityTaxWithheld: money(ctx, box(/social security tax withheld/), /social security tax withheld/i),
    medicareWages: money(ctx, box(/medicare wages and tips/), /medicare wages and tips/i),
    medicareTaxWithheld: money(ctx, box(/medicare tax withheld/), /medicare tax withheld/i),
    ssnLast4: last4(ssn),
    employerAddress,
    employeeAddress,
  };
  return { fields, secrets: { ssn, ein } };
}

const VARIANT = String.raw`1099-?(NEC|MISC|INT|DIV|R|G|K|B|SA|S|C|Q|OID|PATR|LTC)\b`;
const VARIANT_RE = new RegExp(String.raw`\b${VARIANT}`, 'i');

const BOXES: Record<string, [string, RegExp][]> = {
  NEC: [['nonemployeeCompensation', /nonemployee compensation/i]],
  // OCR reads "Royalties" as "Royaltles" and may drop the space after the box number ("3OtherIncome").
  MISC: [
    ['rents', /^rents$|^1\s*rents/i],
    ['royalties', /^royalt[il1]es$|^2\s*royalt[il1]es/i],
    ['otherIncome', /^other\s*income$|^3\s*other\s*income/i],
  ],
  INT: [['interestIncome', /^interest income$|^1 interest income/i]],
  DIV: [['totalOrdinaryDividends', /total ordinary dividends/i], ['qualifiedDividends', /qualified dividends/i]],
  // Card processors and marketplaces (Stripe, Square, PayPal): a small business's or gig worker's sales.
  K: [['grossAmount', /gross amount of payment card/i], ['cardNotPresent', /card not present transactions/i]],
  // Pensions, annuities and IRAs: a retiree's income.
  R: [['grossDistribution', /gross distribution/i], ['taxableAmount', /^(?:2a\s*)?taxable amount$/i]],
  G: [['unemploymentCompensation', /unemployment compensation/i], ['stateTaxRefund', /state or local income tax refunds/i]],
};

/** A name in the mailing block at the top: before the form's title ("Form 1099-DIV") and any box. */
function mailedTo(ls: string[], name: string): boolean {
  const at = ls.findIndex((l) => l.includes(name));
  const form = ls.findIndex((l) => /form\s*1099|^\s*\d{1,2}[a-z]?\s+[A-Za-z]/i.test(l));
  return at >= 0 && (form < 0 || at < form);
}

export function extract1099(ctx: ExtractContext): Extraction {
  const t = ctx.text;
  if (SSA_RE.test(t)) return extractSsa1099(ctx);
  // The forms titled with their tax year or OMB number ("Interest Income 2025 Form 1099-INT"), not those a note
  // mentions ("sales are reported on Form 1099-B"); without such a title, the first form named.
  const heading = new RegExp(String.raw`\b(?:19|20)\d{2}\b[^\n]{0,40}\bform\s*${VARIANT}|\bform\s*${VARIANT}[^\n]{0,20}(?:\b(?:19|20)\d{2}\b|\(OMB)`, 'gi');
  const titled = [...new Set([...t.matchAll(heading)].map((m) => (m[1] ?? m[2])!.toUpperCase()))];
  const variant = titled[0] ?? VARIANT_RE.exec(t)?.[1]?.toUpperCase() ?? null;
  // A brokerage's composite statement ("Form 1099 Composite", "Consolidated Form 1099") holds several: all their
  // boxes are read, and it is each of them for the checklist.
  const variants = /\b(composite|consolidated)\b/i.test(t) ? titled : [];
  const taxYear =
    year(t, /nonemployee|interest|miscellaneous|dividends|distributions|form\s*1099/i) ?? (Number(/\b(20\d{2})\b/.exec(withoutRevisions(t))?.[1]) || null);

  let payerTin = valueBelow(ctx.layout, /^(?:payer|filer).s tin/i, TIN_CELL, { maxDy: 40, width: 120 });
  let recipientTin = valueBelow(ctx.layout, /^(?:recipient|payee).s tin/i, TIN_CELL, { maxDy: 40, width: 120 });
  // "PAYER'S name: X" on one line (plain-text renderings), else the box under the label.
  // A brokerage's "PAYER'S Name and Address: Charles Schwab & Co., Inc., 211 Main Street, …": the name ends at the street.
  let payerName = cleanName(/(?:payer|filer).s name(?:\s+and\s+address)?[ \t]*:[ \t]*([^\n]+)/i.exec(t)?.[1]?.replace(/,\s*\d.*$/, '')) ?? firstLine(firstValue(itemsBelow(ctx.layout, /^(?:payer|filer).s name/i, { maxDy: 80, width: 250 })));
  let recipientName = cleanName(/(?:recipient|payee).s name[ \t]*:[ \t]*([^\n]+)/i.exec(t)?.[1]) ?? firstLine(firstValue(itemsBelow(ctx.layout, /^(?:recipient|payee).s name/i, { maxDy: 40, width: 250 })));

  // OCR'd forms: the first name-like text in the left column under each label, in whichever reading has one. It goes
  // before the text fallback below, which on a photo would take whatever line OCR put over the TINs.
  if (ctx.ocr) {
    const under = (label: RegExp): string | null => {
      for (const [i, l] of ctx.rawLines.entries()) {
        if (!label.test(l)) continue;
        for (const below of ctx.rawLines.slice(i + 1, i + 5)) {
          const c = columns(below).find((x) => (looksLikeName(x) || TITLE_CASE_NAME.test(x)) && !isLabelText(x) && !FORM_WORDS.test(x));
          if (c) return c;
        }
      }
      return null;
    };
    payerName ??= cleanName(under(/(?:payer|filer).?s name/i));
    recipientName ??= cleanName(under(/(?:recipient|payee).?s name/i));
  }
  // Text fallback: the values block "PAYER\n street\n city\n phone\n PAYERTIN RECIPIENTTIN\n RECIPIENT ...".
  const ls = ctx.lines;
  const tinLine = ls.findIndex((l) => {
    const ids = l.match(/\d{2}-\d{7}|\d{3}-\d{2}-\d{4}|(?<!\d)\d{9}(?!\d)/g);
    return ids !== null && ids.length >= 2;
  });
  if (tinLine >= 0) {
    const ids = ls[tinLine]!.match(/\d{2}-\d{7}|\d{3}-\d{2}-\d{4}|(?<!\d)\d{9}(?!\d)/g)!;
    payerTin ??= ids[0]!;
    recipientTin ??= ids[1]!;
    if (!recipientName && !isLabelText(ls[tinLine + 1] ?? '')) recipientName = cleanName(ls[tinLine + 1]);
    if (!payerName) {
      // Walk up past phone and address lines to the name.
      let k = tinLine - 1;
      while (k > 0 && (/^[\d(+-][\d\s().-]{6,}$/.test(ls[k]!) || (/\d/.test(ls[k]!.slice(0, 6)) && !ORDINAL_NAME.test(ls[k]!)) || /\b[A-Z]{2}\s+\d{5}/.test(ls[k]!) || isLabelText(ls[k]!))) k--;
      payerName = isLabelText(ls[k]!) ? null : cleanName(ls[k]);
    }
  }
  // A bank's own printing: "PAYER'S TIN: 74-6031847 RECIPIENT'S TIN: XXX-XX-0192" on one line, and the payer's and
  // the recipient's names over their addresses, with no name labels.
  payerTin ??= /(?:payer|filer).?s[ \t]*(?:TIN|federal\s+id(?:entification)?\s+number)[ \t]*:?[ \t]*(\d{2}-\d{7}|\d{3}-\d{2}-\d{4})\b/i.exec(t)?.[1] ?? null;
  recipientTin ??= /(?:recipient|payee).?s[ \t]*(?:TIN|identification\s+number)[ \t]*:?[ \t]*((?:\d{3}|[X*]{3})-(?:\d{2}|[X*]{2})-\d{4}|\d{2}-\d{7})\b/i.exec(t)?.[1] ?? null;
  if (!recipientName) {
    const named = addressees(ls, { poBox: true }).filter((n) => !isLabelText(n) && !FORM_WORDS.test(n));
    // The payer is the business: printed for a window envelope, the recipient's block may come first.
    const business = (n: string) => /\b(bank|credit union|inc|llc|corp|corporation|company|co|ltd|llp|lp|n\.a|trust|fund|group|services|financial|securities|insurance)\b\.?/i.test(n);
    if (!payerName && named.length === 2) {
      const [a, b] = business(named[1]!) && !business(named[0]!) ? [named[1]!, named[0]!] : [named[0]!, named[1]!];
      [payerName, recipientName] = [cleanName(a), cleanName(b)];
    } else if (payerName && business(payerName) && named.length === 1 && !business(named[0]!) && mailedTo(ls, named[0]!)) {
      // A business payer named by its label; the one person the statement is mailed to, above the form, is the recipient.
      recipientName = cleanName(named[0]!);
    }
  }
  if (ctx.ocr) {
    // Handwritten TINs under "PAYER'S TIN  RECIPIENT'S TIN" keep whatever dashes the filer wrote ("12-345-6789"),
    // or miss a digit: the first line below with two numbers holds the payer's and the recipient's, left to right.
    const labels = ctx.rawLines.findIndex((l) => /(?:payer|filer).?s\s*tin.*(?:recipient|payee).?s\s*tin/i.test(l));
    // The recipient's may be masked ("XXX-XX-0192").
    const numbers = (l: string) => (l.match(/(?<![\w-])(?:\d[\d-]{6,10}\d|[X*]{3}-[X*]{2}-\d{4})(?![\d-])/gi) ?? []).filter((x) => /^\d{8,9}$/.test(x.replace(/-/g, '')) || /^[X*]/i.test(x));
    const ids = labels >= 0 ? ctx.rawLines.slice(labels + 1, labels + 4).map(numbers).find((n) => n.length === 2) : undefined;
    if (ids) {
      payerTin ??= ids[0]!;
      recipientTin ??= ids[1]!;
    }
  }

  const amounts: Record<string, number | null> = {};
  const loose = (re: RegExp) => new RegExp(re.source.replace(/\^|\$/g, ''), re.flags);
  const forms = variants.length > 1 ? variants : [variant ?? ''];
  const boxes: [string, RegExp][] = [...forms.flatMap((v) => BOXES[v] ?? []), ['federalIncomeTaxWithheld', /^(?:\d{1,2}\s+)?federal\s*income\s*tax\s*withheld$/i]];
  for (const [key, label] of boxes) {
    amounts[key] = money(ctx, label, loose(label)) ?? (ctx.ocr ? moneyBelow(ctx.lines, loose(label), boxes.map(([, re]) => loose(re))) : null);
  }
  // Text layers that append the values after the form: the first amount after the recipient's address.
  if (tinLine >= 0 && variant && Object.values(amounts).every((v) => v === null)) {
    const after = ls.slice(tinLine + 1).find((l) => /^\$?\s?\d[\d,]*(\.\d{2})?$/.test(l) && !/^\d{5}$/.test(l));
    const key = BOXES[variant]?.[0]?.[0];
    if (after && key) amounts[key] = parseMoney(after);
  }
  for (const k of Object.keys(amounts)) if (amounts[k] === null) delete amounts[k];

  return {
    fields: {
      variant,
      ...(variants.length > 1 && { variants }),
      payerName: payerName ? payerName.replace(/,\s*$/, '') : null,
      payerTin: payerTin && EIN_RE.test(payerTin) ? payerTin : payerTin ? `***-**-${last4(payerTin)}` : null,
      recipientName: recipientName ? titleCase(recipientName) : null,
      recipientTinLast4: last4(recipientTin),
      taxYear,
      amounts,
    },
    secrets: { tins: [payerTin, recipientTin].filter((x): x is string => !!x), ssn: recipientTin && SSN_RE.test(recipientTin) && !EIN_RE.test(recipientTin) ? recipientTin : null },
  };
}

const SSA_RE = /\bSSA-?1099\b|social security benefit statement/i;
/** SSA-1099's money boxes, by number. "NONE" in a box is an empty box. */
const SSA_BOXES: [string, number][] = [['benefitsPaid', 3], ['benefitsRepaid', 4], ['netBenefits', 5]];

/**
 * The Social Security Administration's benefit statement (a retiree's or disability income). Its boxes sit side by
 * side ("Box 3. Benefits Paid in 2025  Box 4. …  Box 5. Net Benefits for 2025"), the values on the row below.
 */
function extractSsa1099(ctx: ExtractContext): Extraction {
  const t = ctx.text;
  const ls = ctx.lines;
  const amounts: Record<string, number> = {};
  const row = ls.findIndex((l) => /box\s*5\.?\s*net benefits/i.test(l));
  for (const [key, box] of SSA_BOXES) {
    const cell = valueBelow(ctx.layout, new RegExp(`^box\\s*${box}\\b`, 'i'), MONEY_CELL, { maxDy: 30, width: 150 });
    if (cell) amounts[key] = parseMoney(cell)!;
    else if (row >= 0) {
      // Flattened text: the box's rank on the label row picks its value on the next line.
      const boxes = [...new Set([...ls[row]!.matchAll(/box\s*(\d)\b/gi)].map((m) => Number(m[1])))]; // "(Box 3 minus Box 4)" names no new box
      const cells = (l: string) => l.match(/\$?\s?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}|\bNONE\b/gi) ?? [];
      const values = ls.slice(row + 1, row + 4).map(cells).find((v) => v.length > 0) ?? [];
      const v = values.length === boxes.length ? values[boxes.indexOf(box)] : undefined;
      if (v && !/none/i.test(v)) amounts[key] = parseMoney(v)!;
    }
  }
  const nameRow = ls.findIndex((l) => /box\s*1\.?\s*name/i.test(l));
  const nameLine = nameRow >= 0 ? ls.slice(nameRow + 1, nameRow + 4).find((l) => !/^box\s*\d/i.test(l)) : undefined;
  // The name's box may run into the SSN's on a flattened line: the name ends at the first digit.
  const recipientName = cleanName((firstValue(itemsBelow(ctx.layout, /^box\s*1\.?\s*name/i, { maxDy: 40, width: 250 })) ?? nameLine)?.split(/\d/)[0]);
  const ssn = SSN_RE.exec(ls.slice(Math.max(nameRow, 0)).join('\n'))?.[0] ?? null;
  return {
    fields: {
      variant: 'SSA',
      payerName: 'Social Security Administration',
      payerTin: null,
      recipientName: recipientName ? titleCase(recipientName) : null,
      recipientTinLast4: last4(ssn),
      taxYear: year(t, /benefits paid in|net benefits for|benefit statement|SSA-?1099/i),
      amounts,
    },
    secrets: { tins: ssn ? [ssn] : [], ssn },
  };
}

/** Line 3's boxes in the form's order (also the order of its checkbox fields c1_1[0..6]). */
export const W9_CLASSIFICATIONS = ['INDIVIDUAL', 'C_CORPORATION', 'S_CORPORATION', 'PARTNERSHIP', 'TRUST_ESTATE', 'LLC', 'OTHER'] as const;

const W9_CLASSES: [string, RegExp][] = [
  ['INDIVIDUAL', /individual\/?\s*sole proprietor/i],
  ['C_CORPORATION', /\bC\s*corporation/i],
  ['S_CORPORATION', /\bS\s*corporation/i],
  ['PARTNERSHIP', /\bpartnership/i],
  ['TRUST_ESTATE', /trust\/?\s*estate/i],
  ['LLC', /limited liability company/i],
];

export function extractW9(ctx: ExtractContext): Extraction {
  const page = ctx.pages[0];
  const ff = page?.formFields ?? [];
  const byName = (re: RegExp) => ff.find((f) => re.test(f.name))?.value ?? null;
  let name = byName(/f1_1\[0\]$/);
  let businessName = byName(/f1_2\[0\]$/);
  let street = byName(/f1_7\[0\]$/);
  let cityLine = byName(/f1_8\[0\]$/);
  const ssnParts = [byName(/f1_11\[0\]$/), byName(/f1_12\[0\]$/), byName(/f1_13\[0\]$/)];
  const einParts = [byName(/f1_14\[0\]$/), byName(/f1_15\[0\]$/)];
  let ssn = ssnParts.every(Boolean) ? ssnParts.join('') : null;
  let ein = einParts.every(Boolean) ? einParts.join('') : null;
  let taxClassification: string | null = null;
  // Checked classification box: the checkbox fields c1_1[0..6] carry a non-"Off" export value when ticked.
  const checks = ff.filter((f) => /c1_1\[(\d)\]$/.test(f.name));
  if (checks.length) {
    const idx = Number(/c1_1\[(\d)\]$/.exec(checks[0]!.name)![1]);
    taxClassification = W9_CLASSIFICATIONS[idx] ?? null;
  }
  if (!ff.length) {
    // OCR or flat text: the line after the "1 Name" and "2 Business name" labels.
    const ls = ctx.lines;
    // The label is matched loosely: OCR of photos garbles it ("ON Your income tex remy").
    const nameLabel = /name \(as shown on your income tax return\)|^1\s*name|\byour income t[ae][xk] re/i;
    const i = ls.findIndex((l) => nameLabel.test(l));
    // Each reading has the label; the first reading's name wins, spaced as another reading has the same letters
    // (Paddle, read first, drops spaces: "JANEDOE").
    const names = ls.flatMap((l, k) => (nameLabel.test(l) ? [cleanName(ls[k + 1]?.replace(/^\d\s+/, ''))] : [])).filter((n): n is string => !!n);
    const squash = (n: string) => n.replace(/\s+/g, '').toLowerCase();
    if (names[0]) name = names.find((n) => squash(n) === squash(names[0]!) && n.split(' ').length > names[0]!.split(' ').length) ?? names[0];
    const j = ls.findIndex((l) => /business name\/?disregarded/i.test(l));
    if (j >= 0 && ls[j + 1] && !/check appropriate box/i.test(ls[j + 1]!)) businessName = cleanName(ls[j + 1]);
    const addr = findAddress(ls.map(spacedPaddle), Math.max(0, i));
    if (addr) {
      street = addr.street && streetOnly(addr.street);
      cityLine = [addr.city, addr.state, addr.zip].filter(Boolean).join(' ');
    }
    const tin = /social security number[\s\S]{0,60}?(\d{3}[- ]?\d{2}[- ]?\d{4})/i.exec(ctx.text);
    if (tin) ssn = tin[1]!;
    const e = /employer identification number[\s\S]{0,60}?(\d{2}[- ]?\d{7})/i.exec(ctx.text);
    if (e) ein = e[1]!;
    for (const [k, re] of W9_CLASSES) if (new RegExp(`(?:\\[x\\]|☒|☑|✔|✓|\\bX\\b)\\s*${re.source}`, 'i').test(ctx.text)) taxClassification = k;
  }
  return withW9Tin(
    {
      fields: {
        name: name ? titleCase(name) : null,
        businessName: businessName || null,
        taxClassification,
        address: [street, cityLine].filter(Boolean).join(', ') || null,
      },
      secrets: {},
    },
    { ssn, ein },
  );
}

/** Paddle drops the space after a comma and after a house number ("GOSHEN,IN,46526", "7WILSON STREET"). */
function spacedPaddle(line: string): string {
  return line.replace(/,(?=\S)/g, ', ').replace(/\b(\d{1,6})([A-Z]{3,})\b/g, '$1 $2');
}

/**
 * The street up to its type, a direction and a unit ("18 Orchard Lane Apt 2"): on a W-9 what follows on the same
 * reading is the requester's column beside it ("7 WILSON STREET JOANNEJANG").
 */
function streetOnly(street: string): string {
  return STREET_WITH_UNIT.exec(street)?.[0].trim() ?? street;
}
const STREET_WITH_UNIT = new RegExp(`${STREET_RE.source}(?:\\s+(?:[NS][EW]?|[EW])\\b)?(?:\\s+(?:APT|APARTMENT|UNIT|STE|SUITE|#)\\.?\\s*[\\w-]+)?`, 'i');

/** A W-9 extraction with its Part I numbers (the SSN wins when both boxes are filled). */
export function withW9Tin(extraction: Extraction, tin: { ssn: string | null; ein: string | null }): Extraction {
  const { ssn, ein } = tin;
  const einDigits = ein?.replace(/\D/g, '');
  return {
    fields: { ...extraction.fields, tinType: ssn ? 'SSN' : ein ? 'EIN' : null, tinLast4: last4(ssn ?? ein), tinProvided: Boolean(ssn || ein) },
    secrets: { ...extraction.secrets, ssn, ein: einDigits ? `${einDigits.slice(0, 2)}-${einDigits.slice(2)}` : null },
  };
}
