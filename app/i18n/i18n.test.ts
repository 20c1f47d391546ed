import { describe, expect, it } from 'vitest';
import { en } from './en';
import { getT } from './i18n';
import { resolveLocale } from './locale.server';
import { zh } from './zh';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

function values(obj: object): string[] {
  return Object.values(obj).flatMap((v) => (typeof v === 'string' ? [v] : values(v as object)));
}

describe('translations', () => {
  it('has every Chinese string in English too, and nothing else', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });

  it('has no empty string in either language', () => {
    expect(values(zh).filter((v) => !v.trim())).toEqual([]);
    expect(values(en).filter((v) => !v.trim())).toEqual([]);
  });

  it('uses the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const zhKeys = keys(zh);
    const get = (obj: object, key: string) =>
      key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
    const mismatched = zhKeys.filter(
      (k) => JSON.stringify(vars(get(zh, k))) !== JSON.stringify(vars(get(en, k))),
    );
    expect(mismatched).toEqual([]);
  });

  it('writes every variable as {{name}}, the only form translate.ts fills in', () => {
    const odd = (s: string) => s.replace(/{{\w+}}/g, '').includes('{{');
    expect([...values(zh), ...values(en)].filter(odd)).toEqual([]);
  });

  it('interpolates amounts and counts', () => {
    expect(getT('zh')('money.wan', { amount: '3,785' })).toBe('3,785 万元');
    expect(getT('en')('stats.unitItems', { count: 97 })).toBe('97');
  });
});

describe('the language of a request', () => {
  const request = (url: string, cookie?: string) =>
    new Request(url, { headers: cookie ? { Cookie: cookie } : {} });

  it('is Chinese by default, whatever the browser prefers', () => {
    const r = new Request('http://x/stats', { headers: { 'Accept-Language': 'en-US' } });
    expect(resolveLocale(r)).toEqual({ locale: 'zh' });
  });

  it('follows ?lang= and remembers it in a cookie', () => {
    const r = resolveLocale(request('http://x/stats?lang=en'));
    expect(r.locale).toBe('en');
    expect(r.setCookie).toMatch(/^lang=en; Path=\/; Max-Age=\d+; SameSite=Lax$/);
  });

  it('follows the remembered cookie, and ignores unknown values', () => {
    expect(resolveLocale(request('http://x/', 'a=1; lang=en')).locale).toBe('en');
    expect(resolveLocale(request('http://x/?lang=fr', 'lang=xx')).locale).toBe('zh');
  });
});
