// Personal numbers are masked before text reaches a model, a summary or a log: SSNs and long account-like digit
// runs keep their last four digits only, which is enough for a person to recognise them.
const SSN = /\b(?!\d{2}-\d{7}\b)\d{3}[- ]?\d{2}[- ]?(\d{4})\b/g;
const LONG_NUMBER = /\b\d(?:[ -]?\d){7,}(\d{4})\b/g;

export function redactPii(text: string): string {
  return text.replace(SSN, (_m, last4) => `***-**-${last4}`).replace(LONG_NUMBER, (_m, last4) => `****${last4}`);
}
