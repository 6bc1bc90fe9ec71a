/**
 * 统一社会信用代码 (USCC, GB 32100-2015; DOMAIN §2.6, §7 E2): normalisation, format, check character and the
 * hints a clerk needs to fix a mistyped code.
 *
 * 18 characters over a 31-character alphabet (I, O, S, V, Z are never used): 1 registration authority,
 * 1 entity type, 6 administrative-division digits, 9 organisation-code characters, 1 check character.
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
export const USCC_FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Letters the standard leaves out, and the character a clerk most likely meant. */
const FORBIDDEN: Record<string, string> = { I: '1', O: '0', S: '5', V: 'U', Z: '2' };

/**
 * Characters that are easily confused on paper, in scans and on the keyboard. The single-substitution
 * suggestion only tries these: any code can be "fixed" by changing some character to a computed value,
 * so trying every character would always find a dozen candidates and tell the clerk nothing.
 */
const LOOK_ALIKES: Record<string, string> = {
  '0': 'DQ',
  D: '0',
  Q: '0',
  '1': 'L7',
  L: '1',
  '7': '1',
  '8': 'B3',
  B: '8',
  '3': '8',
  '6': 'G',
  G: '6',
};

/** NFKC (full-width → half-width), blanks and hyphens of every width removed, upper case. */
export function normalizeUscc(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u00A0\u3000\u200B-\u200D\u2060\uFEFF\-‐‑‒–—―_]/g, '')
    .toUpperCase();
}

/** The check character for the first 17 characters (which must already be in the alphabet). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  // The outer % 31 matters: when sum % 31 is 0 the check character is '0', not ALPHABET[31].
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Format and check character both pass. */
export function isValidUscc(code: string): boolean {
  return USCC_FORMAT.test(code) && usccCheckChar(code.slice(0, 17)) === code[17];
}

export type UsccProblem = 'empty' | 'length' | 'forbiddenLetter' | 'format' | 'checkChar';

export type UsccCheck =
  | { ok: true; code: string }
  | {
      ok: false;
      /** The normalised code (what would be stored if a failed check is overridden). */
      code: string;
      problem: UsccProblem;
      /** Chinese, says what is wrong and what to do. */
      message: string;
      /** A corrected code when exactly one plausible correction makes the code valid. */
      suggestion?: string;
    };

/**
 * Registration authorities (1 机构编制 … 9 工商, A 中央军委改革和编制办公室, N 农业, Y 其他) and entity types (a digit)
 * that GB 32100 assigns: a suggested correction must not invent an authority or type that does not exist.
 */
const PLAUSIBLE_HEAD = /^[1-9ANY][1-9]/;

/** Valid codes reachable from `code` by changing one character into a look-alike (or a forbidden letter into its digit). */
function lookAlikeCorrections(code: string): string[] {
  const found = new Set<string>();
  for (let i = 0; i < code.length; i += 1) {
    const alternatives = (FORBIDDEN[code[i]] ?? '') + (LOOK_ALIKES[code[i]] ?? '');
    for (const alt of alternatives) {
      const candidate = code.slice(0, i) + alt + code.slice(i + 1);
      if (PLAUSIBLE_HEAD.test(candidate) && isValidUscc(candidate)) found.add(candidate);
    }
  }
  return [...found];
}

/** The one plausible correction, or nothing when there is none or more than one (a guess would mislead). */
function uniqueCorrection(code: string): string | undefined {
  const corrections = lookAlikeCorrections(code);
  return corrections.length === 1 ? corrections[0] : undefined;
}

function suggestionText(code: string, suggestion: string): string {
  const at = [...code].findIndex((c, i) => c !== suggestion[i]);
  return `是否应为 ${suggestion}(第 ${at + 1} 位“${code[at]}”改为“${suggestion[at]}”)?`;
}

/** Checks one code as a clerk typed it. Never throws. */
export function checkUscc(raw: string): UsccCheck {
  const code = normalizeUscc(raw);
  if (!code) return { ok: false, code, problem: 'empty', message: '统一社会信用代码不能为空' };

  const forbidden = [...code].map((c, i) => ({ c, i })).filter(({ c }) => c in FORBIDDEN);
  if (forbidden.length) {
    const named = forbidden.map(({ c, i }) => `第 ${i + 1} 位“${c}”`).join('、');
    const meant = forbidden.map(({ c }) => `“${FORBIDDEN[c]}”`).join('、');
    const replaced = [...code].map((c) => FORBIDDEN[c] ?? c).join('');
    const suggestion = isValidUscc(replaced) ? replaced : undefined;
    return {
      ok: false,
      code,
      problem: 'forbiddenLetter',
      message:
        `统一社会信用代码不使用字母 I、O、S、V、Z:${named}是否应为 ${meant}(1/0/5/U/2)?` +
        (suggestion ? `改正后为 ${suggestion}。` : ''),
      ...(suggestion ? { suggestion } : {}),
    };
  }

  if (code.length !== 18) {
    return { ok: false, code, problem: 'length', message: `统一社会信用代码应为 18 位,“${code}”是 ${code.length} 位,请核对营业执照` };
  }

  if (!USCC_FORMAT.test(code)) {
    const badAt = [...code].findIndex((c, i) => (i >= 2 && i < 8 ? !/\d/.test(c) : !USCC_ALPHABET.includes(c)));
    const where =
      badAt >= 2 && badAt < 8
        ? `第 ${badAt + 1} 位“${code[badAt]}”应为数字(第 3–8 位是行政区划代码)`
        : `第 ${badAt + 1} 位“${code[badAt]}”不是信用代码用字(只用数字和除 I、O、S、V、Z 外的大写字母)`;
    const suggestion = uniqueCorrection(code);
    return {
      ok: false,
      code,
      problem: 'format',
      message: `统一社会信用代码格式不对:${where}。` + (suggestion ? suggestionText(code, suggestion) : ''),
      ...(suggestion ? { suggestion } : {}),
    };
  }

  const expected = usccCheckChar(code.slice(0, 17));
  if (expected === code[17]) return { ok: true, code };
  const suggestion = uniqueCorrection(code);
  return {
    ok: false,
    code,
    problem: 'checkChar',
    message: `统一社会信用代码 ${code} 校验位不符(按前 17 位计算应为“${expected}”),可能有字符录错。` + (suggestion ? suggestionText(code, suggestion) : ''),
    ...(suggestion ? { suggestion } : {}),
  };
}
