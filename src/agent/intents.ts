// What a lead's message is about, by plain-language cues. Deliberately conservative: an unknown message is treated
// as a general question and answered with the application's state, which is never wrong to say.
export type Intent = 'NOT_INTERESTED' | 'HUMAN' | 'STATUS' | 'TERMS_QUESTION' | 'DOCUMENT_PROMISE' | 'QUESTION' | 'THANKS' | 'GREETING' | 'OTHER';

const CUES: [Intent, RegExp][] = [
  ['NOT_INTERESTED', /\b(not interested|no longer interested|don'?t need (the|a|this) loan|found (another|a different) lender|went with another|changed my mind|no thanks|no thank you)\b/i],
  ['HUMAN', /\b(real person|human|talk to (someone|somebody|a person|an agent|a (loan )?officer|a human)|speak (to|with) (someone|somebody|a person|an agent|a (loan )?officer|a human)|call me)\b/i],
  ['STATUS', /\b(what'?s (left|missing|next|needed)|what (else|other) do you need|what do you (still )?need|status|where (are|do) (we|things) stand|anything else)\b/i],
  // Rates, approval, timing: only a loan officer may speak to these, so they get a fixed, safe answer.
  ['TERMS_QUESTION', /\b(rates?|interest|apr|approv\w*|credit score|qualify|how (long|soon|fast)|when will (i|we)|how much can (i|we)|terms|fees?)\b/i],
  ['DOCUMENT_PROMISE', /\b(i'?ll (send|upload|get|email|text)|will (send|upload|get)|sending (it|them)|send (it|them) (later|tomorrow|tonight|soon)|working on (it|them|getting))\b/i],
  ['THANKS', /^\s*(thanks|thank you|thx|ty|great|ok(ay)?|sounds good|got it)[.! ]*$/i],
  ['QUESTION', /\?\s*$/],
  ['GREETING', /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b[\s\S]{0,40}$/i],
];

export function detectIntent(text: string): Intent {
  for (const [intent, cue] of CUES) if (cue.test(text)) return intent;
  return 'OTHER';
}
