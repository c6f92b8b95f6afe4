// Bank statements laid out the way banks print them (two-column headers that the text layer merges into one line,
// mailing-address blocks, summary tables with the amounts under their labels), as text PDFs. Every bank,
// business, person and account number here is made up.
import { renderPdf } from './document-fixtures';

/** A line of a page: text at the left margin, or cells spread evenly across the page (columns). */
export type Row = string | string[];

const LEFT = 54;
const WIDTH = 504;
const LINE = 14;

/** A PDF with one page per entry; cells of a row share its baseline, as in a real two-column header. */
export function makeStatementPdf(pages: Row[][]): Promise<Uint8Array> {
  return renderPdf((doc) => {
    for (const rows of pages) {
      doc.addPage();
      doc.font('Helvetica').fontSize(9);
      rows.forEach((row, i) => {
        const cells = typeof row === 'string' ? [row] : row;
        cells.forEach((c, j) => c && doc.text(c, LEFT + (j * WIDTH) / cells.length, LEFT + i * LINE, { lineBreak: false }));
      });
    }
  });
}

export type StatementStyle = 'period-colon' | 'through' | 'for-the-period' | 'summary-table';

export interface StatementOptions {
  style: StatementStyle;
  /** The month the statement covers, `YYYY-MM`. */
  month: string;
  /** The name block of the mailing address (holder, DBA line); empty for a statement that prints no holder. */
  holder: string[];
  /** How the account number is printed, e.g. `Account ending in 1234`. */
  account: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function period(month: string): { y: number; m: number; last: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { y, m, last: new Date(Date.UTC(y, m, 0)).getUTCDate() };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Beginning and ending balance printed on every style. */
export const BALANCES = { beginning: 10400.55, ending: 12606.43 };

/** The pages of a statement in the given style. */
export function statementPages(o: StatementOptions): Row[][] {
  const { y, m, last } = period(o.month);
  const us = (d: number, yy: string | number = y) => `${pad(m)}/${pad(d)}/${yy}`;
  const long = (d: number) => `${MONTHS[m - 1]} ${d}, ${y}`;
  const mailing = [...o.holder, '1200 Pipe Lane', 'Austin, TX 78704'];
  const transactions: Row[] = [
    'Transaction detail',
    ['Date', 'Description', 'Amount', 'Balance'],
    [`${pad(m)}/03`, 'Deposit', '4,105.00', '14,505.55'],
    [`${pad(m)}/17`, 'Card purchase', '-1,899.12', '12,606.43'],
    ['Daily ending balance', '', '', '12,606.43'],
  ];
  switch (o.style) {
    case 'period-colon':
      return [
        [
          ['LONE STAR NATIONAL BANK', `Statement Period: ${us(1)} - ${us(last)}`],
          ['PO Box 1200', o.account],
          ['Austin, TX 78701', 'Page 1 of 2'],
          '',
          ...mailing,
          '',
          'Business Checking Statement',
          ['Beginning balance', '$10,400.55'],
          ['Deposits and other credits', '$4,105.00'],
          ['Withdrawals and other debits', '$1,899.12'],
          ['Ending balance', '$12,606.43'],
        ],
        transactions,
      ];
    case 'through':
      return [
        [
          ['Prairie Bank, N.A.', `${long(1)} through ${long(last)}`],
          ['P O Box 182051', o.account],
          'Columbus, OH 43218-2051',
          ['00012345 DRE 703 219 03126 NNNNNNNNNNN T 1 000000000 64 0000', 'CUSTOMER SERVICE INFORMATION'],
          ...mailing.map((l, i): Row => (i === 0 ? [l, 'Service Center: 1-800-555-0199'] : l)),
          '',
          'CHECKING SUMMARY',
          ['Beginning Balance', '$10,400.55'],
          ['Deposits and Additions', '4,105.00'],
          ['Electronic Withdrawals', '-1,899.12'],
          ['Ending Balance', '$12,606.43'],
          ...transactions,
        ],
      ];
    case 'for-the-period':
      return [
        [
          'GREEN VALLEY FEDERAL CREDIT UNION',
          '400 Orchard Road, Fresno, CA 93701',
          `For the period ${us(1, String(y).slice(2))} to ${us(last, String(y).slice(2))}`,
          '',
          ...mailing,
          '',
          o.account,
          ['Opening balance', '10,400.55'],
          ['Closing balance', '12,606.43'],
          ...transactions,
        ],
      ];
    case 'summary-table':
      return [
        [
          ['Harbor Community Bank', 'Member FDIC'],
          `Statement period ${long(1)} through ${long(last)}`,
          ...mailing,
          '',
          o.account,
          'Account Summary',
          ['Previous Balance', 'Deposits', 'Withdrawals', 'New Balance'],
          ['$10,400.55', '$4,105.00', '$1,899.12', '$12,606.43'],
        ],
        transactions,
      ];
  }
}

/** A statement PDF in the given style. */
export function makeStatement(o: StatementOptions): Promise<Uint8Array> {
  return makeStatementPdf(statementPages(o));
}
