import { redactPii } from './redact';

/**
 * When a lead's message must go to a person rather than (only) to the agent. Pure: reads inbound text, no I/O.
 * Checked in order of urgency: distress first, then legal threats, complaints, a request for a person, and last a
 * language the agent does not handle. Consent keywords (STOP, HELP...) are handled before this and never match.
 */
export type EscalationReason = 'HUMAN_REQUESTED' | 'COMPLAINT' | 'LEGAL_THREAT' | 'DISTRESS' | 'UNSUPPORTED_LANGUAGE';

export interface EscalationMatch {
  reason: EscalationReason;
  /** The words that triggered it, personal numbers masked. */
  excerpt: string;
  /** UNSUPPORTED_LANGUAGE: the language or script it looks like ("Spanish", "Chinese script"...). */
  language?: string;
}

const i = (source: string) => new RegExp(source, 'i');

const CUES: [Exclude<EscalationReason, 'UNSUPPORTED_LANGUAGE'>, RegExp[]][] = [
  [
    'DISTRESS',
    [
      i(String.raw`\b(?:suicid\w*|kill (?:myself|me)|end (?:it all|my life)|(?:want|wanna) to die|don'?t want to (?:live|be here)|self[- ]harm|hurt(?:ing)? myself|take my (?:own )?life|no reason to live|better off dead)\b`),
      i(String.raw`\b(?:can'?t (?:take|handle|do) (?:this|it) any ?more|can'?t go on|at the end of my rope|falling apart|breaking down|nervous breakdown|panic attacks?|having a panic|hopeless|in (?:a )?crisis|desperate|terrified|so scared|really scared|crying|in tears|overwhelmed and|completely overwhelmed|losing (?:my|our|the) (?:house|home|business|everything)|about to lose (?:my|our|the) (?:house|home|business|everything)|foreclos\w*|evict\w*|homeless|can'?t (?:feed|afford food|pay rent|make rent)|(?:medical|family) emergency|in the hospital|(?:died|passed away|funeral)|domestic (?:violence|abuse)|being abused)\b`),
    ],
  ],
  [
    'LEGAL_THREAT',
    [
      i(String.raw`\b(?:(?:my|our|get(?:ting)?|hire|hiring|call(?:ing)?|contact(?:ing)?|talk(?:ing)? to|speak(?:ing)? (?:to|with)|consult(?:ing)?)\s+(?:a\s+|an\s+|my\s+|our\s+)?(?:lawyer|attorney|legal counsel|law firm)|lawyer(?:ing)? up|(?:lawyer|attorney)s? (?:will|is going to|'ll) (?:contact|call|be in touch|hear|reach)|(?:i(?:'ll|\s+will|'m going to|\s+am going to|\s+could|\s+can|\s+may)|we(?:'ll|\s+will|'re going to))\s+(?:\w+\s+)?(?:sue|suing|take (?:you|this|legal action)|press charges)|sue (?:you|your|them|the company|this company|u)\b|suing (?:you|your|them|u)\b|lawsuit|legal action|class action|take (?:you|this|them|your company) to (?:court|small claims)|see you in (?:court|small claims)|cease and desist|litigation|tcpa|fdcpa|violat(?:e|es|ed|ing|ion) (?:of )?(?:the )?(?:law|tcpa|fdcpa|ecoa|fair lending|my rights))\b`),
    ],
  ],
  [
    'COMPLAINT',
    [
      i(String.raw`\b(?:complaint|complain(?:ing)?|report (?:you|this|your company)|better business bureau|bbb|cfpb|consumer financial protection|attorney general|ftc|scam(?:mer|mers|my)?|fraud(?:ulent|sters?)?|rip[- ]?off|ripped off|unacceptable|ridiculous|outrageous|incompetent|harass\w*|discriminat\w*|worst (?:service|company|lender|experience)|(?:terrible|horrible|awful|lousy|disgusting) (?:service|company|lender|experience|customer service)|waste of (?:my )?time|fed up|sick of (?:this|you)|this is (?:a )?(?:joke|insane|bs|bullshit)|what a joke|you people|useless)\b`),
      i(String.raw`\b(?:i'?m|i am|we'?re|we are)\s+(?:so\s+|very\s+|really\s+|extremely\s+|beyond\s+)?(?:upset|angry|furious|pissed|mad|frustrated|disappointed|livid)\b`),
      /\b(?:f+u+c+k+|f[*#@$%!]{2,}k?)\s*(?:you|u|off|this|that)\b|\b(?:screw you|go to hell|piss off|stfu)\b/i,
    ],
  ],
  [
    'HUMAN_REQUESTED',
    [
      i(String.raw`\b(?:real person|real human|actual person|actual human|live (?:person|agent|human)|human being|a human|(?:talk|speak|chat)\s+(?:to|with)\s+(?:someone|somebody|a person|an? (?:agent|representative|rep|human|loan officer|manager|supervisor|underwriter|banker)|your (?:manager|supervisor|boss)|the (?:manager|loan officer|underwriter)|a real (?:person|human|one))|(?:can|could) (?:someone|somebody|a person|a loan officer|an agent) (?:call|contact|reach|phone|help)|have (?:someone|somebody|a loan officer|an agent) (?:call|contact|reach)|give me a (?:call|ring)|(?:not|stop) (?:talking|texting) (?:to|with) (?:a )?(?:bot|robot|machine|computer)|(?:don'?t|do not) want to (?:talk|speak|chat|text) (?:to|with) (?:a |an |the )?(?:bot|robot|machine|computer|ai)|are you (?:a )?(?:bot|robot|real|human|ai)\b[^.!?\n]{0,40}\b(?:person|human|someone))\b`),
      // "call me", "please call me at 5" (not "don't call me", not "you can call me Sam")
      /(?<!\b(?:[Dd]on'?t|DON'?T|[Dd]o not|[Nn]ever|[Nn]ot|[Nn]o need to|[Ss]top|[Pp]lease don'?t)\s+(?:\w+\s+)?)\b(?:[Cc]all|CALL) (?:me|ME)\b(?!\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Tomorrow|Tonight|ASAP|Asap|At|When|Back|Please|Now|Later|Anytime|After|Before|On|In|Or|And|If)\b)[A-Z][a-z]+)/,
    ],
  ],
];

/** Why the message must go to a person, or null. */
export function detectEscalation(inboundText: string): EscalationMatch | null {
  const text = (inboundText ?? '').normalize('NFKC').replace(/[\u2018\u2019\u02bc`´]/g, "'");
  if (!text.trim()) return null;
  for (const [reason, patterns] of CUES) {
    for (const re of patterns) {
      const m = re.exec(text);
      if (m) return { reason, excerpt: excerptAround(text, m.index, m.index + m[0].length) };
    }
  }
  const language = unsupportedLanguage(text);
  return language ? { reason: 'UNSUPPORTED_LANGUAGE', excerpt: excerptAround(text, 0, Math.min(text.length, 60)), language } : null;
}

function excerptAround(text: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a > 0 && /\w/.test(text[a - 1]!)) a--;
  while (b < text.length && /\w/.test(text[b]!)) b++;
  const out = redactPii(text.slice(a, b)).replace(/\s+/g, ' ').trim();
  return out.length > 120 ? `${out.slice(0, 119)}…` : out;
}

// ---------------------------------------------------------------------------------------------------------------
// Languages the agent does not handle: another script, or Latin-script text made mostly of another language's
// common words. Short messages, names ("José de la Cruz") and keywords ("STOP", "ARRET") are left alone.
// ---------------------------------------------------------------------------------------------------------------

const SCRIPTS: [string, RegExp][] = [
  ['Chinese script', /\p{Script=Han}/u],
  ['Japanese script', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Korean script', /\p{Script=Hangul}/u],
  ['Cyrillic script', /\p{Script=Cyrillic}/u],
  ['Arabic script', /\p{Script=Arabic}/u],
  ['Hebrew script', /\p{Script=Hebrew}/u],
  ['Devanagari script', /\p{Script=Devanagari}/u],
  ['Thai script', /\p{Script=Thai}/u],
  ['Greek script', /\p{Script=Greek}/u],
  ['Armenian script', /\p{Script=Armenian}/u],
  ['Bengali script', /\p{Script=Bengali}/u],
  ['Tamil script', /\p{Script=Tamil}/u],
  ['Gujarati script', /\p{Script=Gujarati}/u],
  ['Gurmukhi script', /\p{Script=Gurmukhi}/u],
  ['Ethiopic script', /\p{Script=Ethiopic}/u],
  ['Georgian script', /\p{Script=Georgian}/u],
  ['Khmer script', /\p{Script=Khmer}/u],
];

// Common words of each language, leaving out any that are also ordinary English words ("a", "no", "me", "do",
// "in", "son", "die", "pie"...), so English text never scores.
const WORDS: Record<string, string> = {
  Spanish:
    'de la que el en y los se del las por un una para es como más mas pero sus le ya este sí si porque esta cuando muy sobre también hasta hay donde dónde quien desde todo nos todos les ni eso esto yo tengo necesito quiero puedo préstamo prestamo préstamos hola gracias usted ustedes ayuda ayudar dinero negocio cuánto cuanto cómo mi mis tu tus estoy tiene tienen hablar hablo inglés español buenos buenas días tardes señor señora empresa crédito credito pagar gustaría quisiera está están mañana hoy cuenta solicitud documentos necesitamos podemos somos aquí ahora bien entiendo pregunta',
  Portuguese:
    'não você vocês obrigado obrigada preciso empréstimo emprestimo olá ola meu minha eu uma da do dos das na sou estou tenho quero dinheiro bom dia tudo bem ajuda pagar negócio conta pedido posso podemos também ainda muito agora aqui então fazer falar',
  French:
    'je suis est les des du et vous nous pour pas que qui dans avec mais où très bonjour merci prêt besoin c\'est j\'ai au aux ce cette ma mes votre vos avez sont être avoir une il elle ils elles l\'entreprise entreprise argent demande aujourd\'hui demain peux pouvez voudrais parler anglais français oui s\'il plaît',
  German:
    'ich nicht und der das ist ein eine einen mit für auf bitte danke brauche kredit wir sind haben mein meine ihr sie zu auch aber oder wie kann können geld hallo guten sprechen deutsch englisch möchte ja nein heute morgen firma',
  Italian:
    'il di che è sono grazie ciao prestito mio mia della del gli anche questo vorrei bisogno soldi buongiorno posso parlare inglese italiano sì azienda oggi domani',
  Tagalog: 'ang ng mga sa ako ikaw salamat kailangan pera utang hindi oo ko niya namin kami kayo magandang umaga paano gusto naman lang',
  Vietnamese: 'tôi cần vay tiền không của và là có được cho xin chào cảm ơn bạn anh chị muốn làm thế nào ngân hàng giúp',
  'Haitian Creole': 'mwen bezwen ou yon nan li sa pou mèsi bonjou lajan prè konben kijan kounye',
};
const FOREIGN = new Map<string, string>();
for (const [lang, list] of Object.entries(WORDS)) for (const w of list.split(/\s+/)) if (!FOREIGN.has(w)) FOREIGN.set(w, lang);

const ENGLISH = new Set(
  `the and to of is are i you my your we it this that for with have has be can need want loan please thanks thank what how when not will me do hi hello yes no would like business send get am our just about from on in at an a so if but or was there they he she his her all any some more time know help still ok okay got did don't i'm it's can't won't im dont cant my name sent here where why who which could should much many money bank statement statements tax return returns id license llc inc ein number`.split(
    /\s+/,
  ),
);

// Letters used by Vietnamese and by no other language the agent might meet.
const VIETNAMESE_LETTERS = /[\u1ea0-\u1ef9đĐơƠưƯ]/gu;

function unsupportedLanguage(text: string): string | null {
  const letters = text.match(/\p{L}/gu) ?? [];
  const nonLatin = letters.filter((ch) => !/\p{Script=Latin}/u.test(ch));
  if (nonLatin.length >= 2 && nonLatin.length / letters.length >= 0.3) {
    const sample = nonLatin.join('');
    return SCRIPTS.find(([, re]) => re.test(sample))?.[0] ?? 'a non-Latin script';
  }
  const viet = text.match(VIETNAMESE_LETTERS)?.length ?? 0;
  if (viet >= 3 && viet / Math.max(1, letters.length) >= 0.08) return 'Vietnamese';

  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  if (words.length < 3) return null;
  let english = 0;
  const foreign = new Map<string, number>();
  let foreignTotal = 0;
  for (const w of words) {
    if (ENGLISH.has(w)) english++;
    else {
      const lang = FOREIGN.get(w);
      if (lang) {
        foreignTotal++;
        foreign.set(lang, (foreign.get(lang) ?? 0) + 1);
      }
    }
  }
  if (foreignTotal < 3 || foreignTotal / words.length < 0.35 || foreignTotal <= english * 2) return null;
  return [...foreign.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}
