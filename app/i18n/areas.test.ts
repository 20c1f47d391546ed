import { describe, expect, it } from 'vitest';
import { AREA_NAMESPACES, areasOfKey, pageAreas } from './areas';
import { en } from './en';
import { enMembers } from './en-members';
import { enPublic } from './en-public';
import { enStaff } from './en-staff';
import { flatten, growingTranslator } from './translate';
import { zh } from './zh';
import { zhMembers } from './zh-members';
import { zhPublic } from './zh-public';
import { zhStaff } from './zh-staff';

const parts = {
  zh: { whole: zh, public: zhPublic, members: zhMembers, staff: zhStaff },
  en: { whole: en, public: enPublic, members: enMembers, staff: enStaff },
};

describe('the parts of a catalogue', () => {
  for (const [locale, { whole, ...areas }] of Object.entries(parts)) {
    it(`put every ${locale} message in a part, as the whole catalogue has it`, () => {
      const together = new Map<string, string>();
      const twice: string[] = [];
      for (const part of Object.values(areas)) {
        for (const [key, text] of flatten(part)) {
          // a key in two parts (needs.attachments) must say the same in both
          if (together.has(key) && together.get(key) !== text) twice.push(key);
          together.set(key, text);
        }
      }
      expect(twice).toEqual([]);
      expect([...together].sort()).toEqual([...flatten(whole)].sort());
    });
  }

  it('name, for the browser, the namespaces each part beyond the public one holds', () => {
    expect([...AREA_NAMESPACES.members].sort()).toEqual(Object.keys(zhMembers).sort());
    expect([...AREA_NAMESPACES.staff].sort()).toEqual(Object.keys(zhStaff).sort());
    expect(areasOfKey('applications.title')).toEqual(['members']);
    expect(areasOfKey('admin.users')).toEqual(['members', 'staff']);
    expect(areasOfKey('nav.home')).toEqual([]);
    expect(areasOfKey('邮箱或密码不正确。')).toEqual([]);
  });
});

describe('the parts a page needs', () => {
  it('are the public one for an anonymous visitor, more for a signed-in one', () => {
    expect(pageAreas(null, [undefined, {}])).toEqual(['public']);
    expect(pageAreas('TEAM', [])).toEqual(['public', 'members']);
    expect(pageAreas('ENTERPRISE', [])).toEqual(['public', 'members']);
    expect(pageAreas('REVIEWER', [])).toEqual(['public', 'members', 'staff']);
    expect(pageAreas('ADMIN', [])).toEqual(['public', 'members', 'staff']);
  });

  it('add what a route names in its handle, and nothing unknown', () => {
    expect(pageAreas(undefined, [undefined, { catalogues: ['members'] }])).toEqual([
      'public',
      'members',
    ]);
    expect(pageAreas(null, [{ catalogues: ['everything', 'staff'] }, 'x', null])).toEqual([
      'public',
      'staff',
    ]);
  });
});

describe('a translator given its catalogue in parts', () => {
  it('answers from every part added, and tells of a key none holds', () => {
    const missed: string[] = [];
    const { t, add } = growingTranslator((key) => missed.push(key));
    add({ nav: { home: '首页' } });
    const say = t as unknown as (key: string, params?: object) => string;
    expect(say('needs.title')).toBe('needs.title');
    expect(missed).toEqual(['needs.title']);
    add({ needs: { title: '{{who}}的需求' } });
    expect(say('needs.title', { who: '我' })).toBe('我的需求');
    expect(say('nav.home')).toBe('首页');
    expect(missed).toEqual(['needs.title']);
  });
});
