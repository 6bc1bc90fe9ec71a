import { describe, expect, it } from 'vitest';
import { checkUscc, isValidUscc, normalizeUscc, usccCheckChar } from './uscc';

describe('USCC (GB 32100-2015, DOMAIN §2.6)', () => {
  it.each(['91110108551385082Q', '91110000101623741K', '911101066976941872', '91350100M000100Y43'])('accepts the test vector %s', (code) => {
    expect(isValidUscc(code)).toBe(true);
    expect(checkUscc(code)).toEqual({ ok: true, code });
  });

  it.each([
    ['91350100M000100Y4A', '3'],
    ['91350211M0000XUF46', 'R'],
  ])('refuses %s on its check character (expected %s)', (code, expected) => {
    const check = checkUscc(code);
    expect(check).toMatchObject({ ok: false, problem: 'checkChar', code });
    expect(!check.ok && check.message).toContain(`应为“${expected}”`);
  });

  it('applies the outer % 31: a weighted sum divisible by 31 gives check character 0, not ALPHABET[31]', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const head = '9111010855138508';
    const partial = [...head].reduce((sum, c, i) => sum + alphabet.indexOf(c) * weights[i], 0);
    // The 17th character (weight 28, invertible mod 31) that makes the whole sum a multiple of 31.
    const seventeenth = [...alphabet].find((_, v) => (partial + v * 28) % 31 === 0)!;
    expect(usccCheckChar(head + seventeenth)).toBe('0');
    expect(isValidUscc(`${head}${seventeenth}0`)).toBe(true);
  });

  it('normalises full-width characters, blanks, hyphens and lower case before checking', () => {
    expect(normalizeUscc(' ９１１１-０１０８ 5513 8508 2q ')).toBe('91110108551385082Q');
    expect(checkUscc('９１１１０１０８５５１３８５０８２ｑ')).toEqual({ ok: true, code: '91110108551385082Q' });
    expect(checkUscc('91-1101-0855-1385-082Q')).toEqual({ ok: true, code: '91110108551385082Q' });
  });

  it('refuses I/O/S/V/Z with a "did you mean 1/0/5/U/2" hint and the corrected code when it is valid', () => {
    const check = checkUscc('91110108551385O82Q');
    expect(check).toMatchObject({ ok: false, problem: 'forbiddenLetter', suggestion: '91110108551385082Q' });
    expect(!check.ok && check.message).toContain('第 15 位“O”是否应为 “0”');
    expect(!check.ok && check.message).toContain('1/0/5/U/2');
    const two = checkUscc('9111O108551385O8ZQ');
    expect(two).toMatchObject({ problem: 'forbiddenLetter', suggestion: '91110108551385082Q' });
    expect(!two.ok && two.message).toContain('第 5 位“O”、第 15 位“O”、第 17 位“Z”');
    const noFix = checkUscc('9I110108551385082S');
    expect(noFix).toMatchObject({ ok: false, problem: 'forbiddenLetter' });
    expect(noFix).not.toHaveProperty('suggestion');
  });

  it('names a wrong length and a letter among the division-code digits', () => {
    expect(checkUscc('91110108551385082')).toMatchObject({ problem: 'length', message: expect.stringContaining('17 位') });
    expect(checkUscc('')).toMatchObject({ problem: 'empty' });
    const letter = checkUscc('9111A108551385082Q');
    expect(letter).toMatchObject({ problem: 'format', message: expect.stringContaining('第 5 位“A”应为数字') });
  });

  it('suggests the one look-alike substitution that makes the code valid', () => {
    // 0 read as Q, 8 as 3, 3 as 8, 1 as L: scan and handwriting misreads.
    expect(checkUscc('911100001Q1623741K')).toMatchObject({ problem: 'checkChar', suggestion: '91110000101623741K' });
    expect(checkUscc('91110108551335082Q')).toMatchObject({ problem: 'checkChar', suggestion: '91110108551385082Q' });
    expect(checkUscc('91350100M000100Y48')).toMatchObject({ problem: 'checkChar', suggestion: '91350100M000100Y43' });
    const check = checkUscc('9111010855L385082Q');
    expect(!check.ok && check.message).toContain('是否应为 91110108551385082Q(第 11 位“L”改为“1”)');
    // A letter where the division code needs a digit is a format error, with the same kind of suggestion.
    expect(checkUscc('9111D108551385082Q')).toMatchObject({ problem: 'format', suggestion: '91110108551385082Q' });
  });

  it('suggests nothing when no look-alike or more than one would fix the code', () => {
    expect(checkUscc('91350100M000100Y4A')).not.toHaveProperty('suggestion'); // A has no look-alike
    expect(checkUscc('91110108551385Q82Q')).not.toHaveProperty('suggestion'); // two look-alike fixes fit: a guess would mislead
    expect(checkUscc('91350211M0000XUF46')).not.toHaveProperty('suggestion');
  });
});
