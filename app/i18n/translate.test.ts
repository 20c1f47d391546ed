import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { flatten, translator } from './translate';
import { zh } from './zh';

// i18next, configured as the site used it before translate.ts replaced it in the pages' script
const reference = i18next.createInstance();
await reference.init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: 'zh',
  fallbackLng: 'zh',
  initAsync: false,
  interpolation: { escapeValue: false },
  contextSeparator: '§',
  pluralSeparator: '§',
  returnNull: false,
});

type Translate = (key: string, params?: Record<string, unknown>) => string;
const CATALOGUES = { zh, en };

describe('compiled messages', () => {
  for (const [locale, catalogue] of Object.entries(CATALOGUES)) {
    const t = translator(catalogue) as unknown as Translate;
    const expected = reference.getFixedT(locale) as unknown as Translate;
    const messages = [...flatten(catalogue)];

    it(`read every ${locale} message as i18next did, bare and with its variables`, () => {
      const differ = messages.filter(([key, text]) => {
        const names = [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]);
        const filled = Object.fromEntries(names.map((n, i) => [n, i % 2 ? 1234 : `«${n}»`]));
        const half = Object.fromEntries(names.slice(1).map((n) => [n, null]));
        return [undefined, filled, half, { count: 3 }].some(
          (params) => t(key, params) !== expected(key, params),
        );
      });
      expect(differ.map(([key]) => key)).toEqual([]);
      expect(messages.length).toBeGreaterThan(500);
    });
  }

  const t = translator(zh) as unknown as Translate;

  it('gives an unknown key back as it is, or its default filled in', () => {
    expect(t('nav.nowhere')).toBe('nav.nowhere');
    expect(t('nav')).toBe('nav');
    expect(t('Too long: {{n}}', { defaultValue: 'Too long: {{n}}', n: 5 })).toBe('Too long: 5');
  });

  it('puts values in literally, never reading them as placeholders or patterns', () => {
    const hostile = { amount: '{{amount}} $& $1 <script>' };
    expect(t('money.wan', hostile)).toBe('{{amount}} $& $1 <script> 万元');
    // names of Object's own members are not variables someone passed
    expect(translator({ a: '{{constructor}}/{{toString}}' })('a' as never, {})).toBe(
      '{{constructor}}/{{toString}}',
    );
  });
});
