// Which parts of a language's catalogue a page needs (docs/decisions/020-performance.md,
// "Catalogues by area"). Each part is a chunk of the client build of its own: an anonymous
// visitor on a public page fetches the public part only, a signed-in enterprise or team the
// members' part as well (their menu and pages), a reviewer or administrator also the staff's.
// The server holds every part and names the page's in its Link header; the browser fetches
// them before it hydrates, and again before it shows a page that needs more (a sign-in, a
// route whose handle asks for them).

export const AREAS = ['public', 'members', 'staff'] as const;
export type Area = (typeof AREAS)[number];

/**
 * The namespaces with keys outside the public part, by part: a key of one of them that a page
 * shows without having named the part fetches it then (i18n.ts). A test checks these lists
 * against zh-members.ts and zh-staff.ts.
 */
export const AREA_NAMESPACES: Record<Exclude<Area, 'public'>, readonly string[]> = {
  members: [
    'account',
    'admin',
    'alerts',
    'appealRemedies',
    'applications',
    'contractsDesk',
    'duplicates',
    'evaluation',
    'funding',
    'needs',
    'notifications',
    'payments',
    'paymentsAccount',
    'techRegistration',
    'vacancies',
  ],
  staff: ['admin', 'eventsAdmin', 'review', 'reviewDue'],
};

/** The parts that may hold `key` beside the public one. */
export function areasOfKey(key: string): Area[] {
  const namespace = key.slice(0, key.indexOf('.'));
  return (['members', 'staff'] as const).filter((area) =>
    AREA_NAMESPACES[area].includes(namespace),
  );
}

/**
 * What a route's `handle` says when its page shows members' or staff strings to a visitor
 * who need not be signed in: `export const handle = { catalogues: ['members'] };`
 */
export type CatalogueHandle = { catalogues?: readonly Area[] };

/**
 * The parts a page needs: the public one, its viewer's (from the root loader's user) and
 * those its matched routes' handles name. The same on the server (the Link header, the page)
 * and in the browser, so that both render with the same strings.
 */
export function pageAreas(role: string | null | undefined, handles: readonly unknown[]): Area[] {
  const wanted = new Set<Area>(['public']);
  if (role) wanted.add('members');
  // a role we do not know gets everything rather than a page of keys
  if (role && role !== 'ENTERPRISE' && role !== 'TEAM') wanted.add('staff');
  for (const handle of handles) {
    const named = (handle as CatalogueHandle | undefined)?.catalogues;
    if (Array.isArray(named)) for (const area of named) if (isArea(area)) wanted.add(area);
  }
  return AREAS.filter((area) => wanted.has(area));
}

export function isArea(value: unknown): value is Area {
  return (AREAS as readonly unknown[]).includes(value);
}
