// IRS-style information returns as a payer's software prints them: each value inside its box, under the box's small
// printed label, so the text layer carries positions as the real forms' do. Every person and number here is made up.
import { renderPdf } from './document-fixtures';

export interface InfoReturn {
  /** The right column's title block, e.g. ['Form 1099-R', '2025', 'Distributions From Pensions, …']. */
  title: string[];
  /** "PAYER'S" on most 1099s, "FILER'S" / "PAYEE'S" on a 1099-K. */
  payerWord?: string;
  recipientWord?: string;
  payer: string[];
  payerTin: string;
  recipient: string[];
  recipientTin: string;
  /** Money boxes down the right column: [printed label, value as printed]. */
  boxes: [string, string][];
}

/** A one-page 1099 laid out like the IRS's: payer, TINs and recipient on the left, numbered boxes on the right. */
export function makeInfoReturnPdf(f: InfoReturn): Promise<Uint8Array> {
  const payer = f.payerWord ?? "PAYER'S";
  const recipient = f.recipientWord ?? "RECIPIENT'S";
  return renderPdf((doc) => {
    doc.addPage();
    const label = (x: number, y: number, s: string) => doc.font('Helvetica').fontSize(7).text(s, x, y, { lineBreak: false });
    const value = (x: number, y: number, s: string) => doc.font('Courier').fontSize(10).text(s, x, y, { lineBreak: false });
    label(40, 60, `${payer} name, street address, city or town, state or province, country, ZIP`);
    f.payer.forEach((l, i) => value(44, 80 + i * 12, l));
    label(40, 140, `${payer} TIN`);
    label(170, 140, `${recipient} TIN`);
    value(44, 154, f.payerTin);
    value(174, 154, f.recipientTin);
    label(40, 180, `${recipient} name`);
    value(44, 192, f.recipient[0]!);
    label(40, 212, 'Street address (including apt. no.)');
    value(44, 224, f.recipient[1] ?? '');
    label(40, 244, 'City or town, state or province, country, and ZIP or foreign postal code');
    value(44, 256, f.recipient[2] ?? '');
    f.title.forEach((l, i) => doc.font('Helvetica-Bold').fontSize(9).text(l, 330, 60 + i * 12, { lineBreak: false }));
    f.boxes.forEach(([l, v], i) => {
      label(330, 110 + i * 36, l);
      value(334, 124 + i * 36, `$ ${v}`);
    });
  });
}

/** The SSA-1099 benefit statement: boxes side by side in rows, each value under its label. */
export function makeSsa1099Pdf(o: { year: number; name: string; ssn: string; paid: string; repaid: string; net: string }): Promise<Uint8Array> {
  return renderPdf((doc) => {
    doc.addPage();
    const label = (x: number, y: number, s: string) => doc.font('Helvetica').fontSize(7).text(s, x, y, { lineBreak: false });
    const value = (x: number, y: number, s: string) => doc.font('Helvetica').fontSize(10).text(s, x, y, { lineBreak: false });
    doc.font('Helvetica-Bold').fontSize(11).text('FORM SSA-1099 - SOCIAL SECURITY BENEFIT STATEMENT', 40, 50, { lineBreak: false });
    doc.fontSize(14).text(String(o.year), 480, 50, { lineBreak: false });
    label(40, 70, '• PART OF YOUR SOCIAL SECURITY BENEFITS SHOWN IN BOX 5 MAY BE TAXABLE INCOME.');
    label(40, 100, 'Box 1. Name');
    value(44, 114, o.name);
    label(330, 100, "Box 2. Beneficiary's Social Security Number");
    value(334, 114, o.ssn);
    label(40, 140, `Box 3. Benefits Paid in ${o.year}`);
    value(44, 154, o.paid);
    label(200, 140, `Box 4. Benefits Repaid to SSA in ${o.year}`);
    value(204, 154, o.repaid);
    label(380, 140, `Box 5. Net Benefits for ${o.year} (Box 3 minus Box 4)`);
    value(384, 154, o.net);
    label(40, 190, 'DESCRIPTION OF AMOUNT IN BOX 3');
    value(44, 204, `Paid by check or direct deposit ${o.paid}`);
    label(40, 260, 'Box 6. Voluntary Federal Income Tax Withheld');
    value(44, 274, 'NONE');
    label(330, 260, 'Box 8. Claim Number (Use this number if you need to contact SSA.)');
    value(334, 274, `${o.ssn.replace(/-/g, '')}A`);
  });
}

/** Stripe's 1099-K to a bakery. */
export function form1099K(): InfoReturn {
  return {
    title: ['Form 1099-K', '2025', 'Payment Card and Third Party Network Transactions'],
    payerWord: "FILER'S",
    recipientWord: "PAYEE'S",
    payer: ['Stripe, Inc.', '354 Oyster Point Blvd', 'South San Francisco, CA 94080'],
    payerTin: '27-0863354',
    recipient: ['Whitfield Bakery LLC', '12 Orchard Lane', 'Springfield IL 62704'],
    recipientTin: '47-2210953',
    boxes: [['1a Gross amount of payment card/third party network transactions', '84,210.55'], ['1b Card Not Present transactions', '80,112.10'], ['4 Federal income tax withheld', '0.00']],
  };
}

/** A retirement plan's 1099-R to Dana Whitfield. */
export function form1099R(): InfoReturn {
  return {
    title: ['Form 1099-R', '2025', 'Distributions From Pensions, Annuities, Retirement or', 'Profit-Sharing Plans, IRAs, Insurance Contracts, etc.'],
    payer: ['Fidelity Investments Institutional', '100 Crosby Parkway', 'Covington, KY 41015'],
    payerTin: '04-3523567',
    recipient: ['Dana Whitfield', '12 Orchard Lane', 'Springfield IL 62704'],
    recipientTin: '412-55-0192',
    boxes: [['1 Gross distribution', '24,000.00'], ['2a Taxable amount', '24,000.00'], ['4 Federal income tax withheld', '2,400.00']],
  };
}
