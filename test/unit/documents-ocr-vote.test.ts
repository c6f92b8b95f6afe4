import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correctByVote, overlay, respace } from '../../src/documents/ocr-vote';

describe('documents: correcting an unsure tesseract reading by PaddleOCR\'s letters', () => {
  it("gives PaddleOCR's run-together names and streets tesseract's spaces, never its spaces inside numbers", () => {
    const tesseract = ['FN ELENA MARIA', '8 42 OAK STREET SPRINGFIELD', 'Net Pay 1,6 27.00', 'TL545786 07-09-1962'].join('\n');
    const paddle = ['FNELENAMARIA', '8 42OAKSTREET', 'Net Pay 1,627.00', 'TL54578607-09-1962', 'FNELENAMARlA'].join('\n');
    assert.deepEqual(respace(paddle, tesseract).split('\n'), ['FN ELENA MARIA', '8 42 OAK STREET', 'Net Pay 1,627.00', 'TL54578607-09-1962', 'FNELENAMARlA']);
  });

  it('lays the second reading\'s letters over the first one\'s spacing when one letter in six or fewer differs', () => {
    assert.equal(overlay('MIRTLE COMPANY', 'MYRTLECOMPANY'), 'MYRTLE COMPANY');
    assert.equal(overlay('MIRTLE COMPANY', 'MYRTLE COMPANY'), 'MYRTLE COMPANY');
    assert.equal(overlay('MIRTLE COMPANY', 'MIRTLECOMPANY'), null, 'same letters: nothing to change');
    assert.equal(overlay('JoHN PARK', 'JOHNPARK'), null, 'case alone is not a disagreement');
    assert.equal(overlay('MIRTLE COMPANY', 'MYRTLECOMPANYLLC'), null, 'different lengths are different words');
    assert.equal(overlay('CAMERON', 'KAMERAN'), null, 'two of seven letters differ: too far');
    assert.equal(overlay('ABC', 'ABD'), null, 'too short to judge');
  });

  it('corrects only unsure, letter-heavy columns, and only from a confident second reading', () => {
    const text = ['PAYER\'S name, street address', 'MIRTLE COMPANY              we                    information', '$ /9,000     Form 1099-MISC'].join('\n');
    const first = [
      { text: 'PAYER\'S name, street address', confidence: 87 },
      { text: 'MIRTLE COMPANY              we                    information', confidence: 53 },
      { text: '$ /9,000     Form 1099-MISC', confidence: 68 },
    ];
    const second = [
      { text: 'MYRTLECOMPANY', confidence: 94 },
      { text: '$ 19,000 Form 1099-MISC', confidence: 95 },
    ];
    const out = correctByVote(text, first, second).split('\n');
    assert.equal(out[1], 'MYRTLE COMPANY              we                    information');
    assert.equal(out[2], '$ /9,000     Form 1099-MISC', 'amounts are never changed by a vote');
    assert.equal(correctByVote(text, first, [{ text: 'MYRTLECOMPANY', confidence: 80 }]), text, 'an unsure second reading changes nothing');
    assert.equal(correctByVote(text, first.map((l) => ({ ...l, confidence: 90 })), second), text, 'a sure first reading stands');
    assert.equal(correctByVote(text, [], second), text, 'a line of unknown confidence stands');
  });
});
