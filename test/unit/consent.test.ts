import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { classifyConsent, consentReply, detectConsent } from '../../src/policy/consent';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const RULES = path.resolve(REPO, '../shared/corpus/policy/us-lending-sms-rules__COMPILED-from-public-law.json');

describe('consent: SMS keywords (whole message)', () => {
  it('the STOP family opts out, in any case, with punctuation or emoji around it', () => {
    for (const body of ['STOP', 'stop', 'Stop.', ' STOP!!! ', 'STOPALL', 'stop all', 'UNSUBSCRIBE', 'Cancel', 'end', 'QUIT', 'revoke', 'OPTOUT', 'opt out', 'Opt-Out', 'stop 🛑', '“Stop”']) {
      assert.deepEqual(detectConsent('SMS', body), { kind: 'OPT_OUT', via: 'keyword' }, body);
    }
  });
  it('a keyword with politeness around it opts out too (not a carrier keyword: via phrase)', () => {
    for (const body of ['stop please', 'Please STOP', 'STOP STOP', 'ok stop now', 'unsubscribe me', 'Cancel it']) {
      assert.deepEqual(detectConsent('SMS', body), { kind: 'OPT_OUT', via: 'phrase' }, body);
    }
  });
  it('START, YES and UNSTOP opt back in; HELP and INFO ask for help', () => {
    for (const body of ['START', 'start', 'Yes', 'YES!', 'unstop']) assert.equal(classifyConsent('SMS', body), 'OPT_IN', body);
    for (const body of ['HELP', 'help?', 'Info', 'INFO.']) assert.equal(classifyConsent('SMS', body), 'HELP', body);
  });
  it('a keyword inside an ordinary sentence is not a keyword', () => {
    for (const body of [
      'stop by the branch tomorrow?',
      'what is the end date of the loan',
      'can I cancel my old loan and refinance?',
      'Yes I have my paystub, sending it now',
      'I need help with the W-9',
      'The end of the month works',
      'Start date at my new job was March 1',
      "I can't stop thinking about this rate",
      'Please quit asking for the same document, I sent it',
    ]) {
      assert.equal(classifyConsent('SMS', body), null, body);
    }
  });
});

describe('consent: plain-language revocation (SMS)', () => {
  it('opts out on requests a reasonable person reads as "stop contacting me"', () => {
    for (const body of [
      'stop texting me',
      'Please stop texting me.',
      "please don't message me again",
      'Please dont text me anymore',
      'do not contact me',
      'Never text me again',
      'quit bothering me',
      'Stop sending me these messages',
      'no more texts',
      'No more messages please',
      "I don't want any more texts",
      'remove me from this list',
      'Take me off your list',
      'remove me',
      'unsubscribe me',
      'how do I unsubscribe',
      'opt me out',
      'I want to opt out',
      'leave me alone',
      'wrong number',
      'I already sent everything, stop texting me.',
      'Stop messaging me about this loan',
    ]) {
      assert.deepEqual(detectConsent('SMS', body), { kind: 'OPT_OUT', via: 'phrase' }, body);
    }
  });
  it('scheduling requests and other people are not revocations', () => {
    for (const body of [
      "don't text me before 9am",
      'please do not text me at work',
      "Don't message me until Monday, I'm traveling",
      'My wife told me to stop texting her',
      'Can I opt out of the insurance add-on?',
      "I don't want to unsubscribe, just slow down",
      'Remove me as co-signer on the old loan',
      'Text me tomorrow',
    ]) {
      assert.equal(classifyConsent('SMS', body), null, body);
    }
  });
});

describe('consent: email', () => {
  it('an email asking to unsubscribe opts out of email', () => {
    for (const [subject, body] of [
      ['Re: Documents for your refinance application', 'Please unsubscribe me.'],
      ['Re: Your loan application', 'Remove me from your mailing list'],
      ['Unsubscribe', ''],
      ['Re: Unsubscribe', 'thanks'],
      ['Re: hi', 'STOP'],
      ['Re: hi', 'Stop emailing me. I found another lender.'],
      ['Re: hi', 'I no longer want these emails'],
    ] as const) {
      assert.equal(classifyConsent('EMAIL', body, subject), 'OPT_OUT', `${subject} / ${body}`);
    }
  });
  it('footers, quoted links and ordinary replies are not requests', () => {
    assert.equal(classifyConsent('EMAIL', 'Here is my paystub.\n\nTo unsubscribe from our newsletter click here: https://x.example/u', 'Re: Documents'), null);
    assert.equal(classifyConsent('EMAIL', 'Yes', 'Re: Are you still interested?'), null);
    assert.equal(classifyConsent('EMAIL', 'help', 'Question'), null);
    assert.equal(classifyConsent('EMAIL', 'Attached are my bank statements', 'Stop sign photo'), null);
  });
  it('START resubscribes by email; YES does not', () => {
    assert.equal(classifyConsent('EMAIL', 'start', 'Re: unsubscribed'), 'OPT_IN');
    assert.equal(classifyConsent('EMAIL', 'yes', 'Re: unsubscribed'), null);
  });
});

describe('consent: replies', () => {
  const gsm7 = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;
  it('the opt-out confirmation says nothing more will come and how to resume, in one GSM-7 segment', () => {
    const text = consentReply('OPT_OUT', { lenderName: 'Acme Lending' });
    assert.match(text, /Acme Lending/);
    assert.match(text, /no further messages/);
    assert.match(text, /START/);
    assert.ok(text.length <= 160 && gsm7.test(text), text);
  });
  it('HELP names the sender, how to get help and how to stop', () => {
    const text = consentReply('HELP', { lenderName: 'Acme Lending', helpContact: '(512) 555-0100' });
    assert.match(text, /Acme Lending/);
    assert.match(text, /\(512\) 555-0100/);
    assert.match(text, /STOP/);
    assert.ok(text.length <= 160 && gsm7.test(text), text);
    assert.ok(consentReply('HELP', { lenderName: 'Acme Lending' }).length <= 160);
  });
  it('opt-in confirms and reminds of STOP; email variants talk about email', () => {
    const sms = consentReply('OPT_IN', { lenderName: 'Acme Lending' });
    assert.match(sms, /STOP/);
    assert.ok(sms.length <= 160 && gsm7.test(sms), sms);
    assert.match(consentReply('OPT_OUT', { lenderName: 'Acme Lending', channel: 'EMAIL' }), /no further emails/);
  });
});

describe('consent: utterances from the compiled rules corpus', () => {
  const present = fs.existsSync(RULES);
  it('every listed utterance is classified as the corpus says', { skip: present ? false : `corpus not found at ${RULES}` }, () => {
    const rules = JSON.parse(fs.readFileSync(RULES, 'utf8')).suggested_test_utterances_for_opt_out_detection;
    for (const u of rules.must_opt_out as string[]) assert.equal(classifyConsent('SMS', u), 'OPT_OUT', u);
    for (const u of rules.must_opt_in as string[]) assert.equal(classifyConsent('SMS', u), 'OPT_IN', u);
    for (const u of rules.must_help as string[]) assert.equal(classifyConsent('SMS', u), 'HELP', u);
    for (const u of rules.should_not_opt_out as string[]) assert.notEqual(classifyConsent('SMS', u), 'OPT_OUT', u);
  });
});
