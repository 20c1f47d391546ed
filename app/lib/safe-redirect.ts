/** Where a redirectTo parameter may send the user: only to a path of this site. */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = '/account',
) {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\'))
    return fallback;
  return to;
}
