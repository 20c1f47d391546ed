// A card's form posted with a fetcher to its page's action under its own intent (the need's
// vetting page's funding and duplicate cards): its answer comes back as the fetcher's data,
// or, sent without JavaScript, as the page's action data, which the action tags with the
// intent it answers (`target`) so that no other form of the page takes it.
import { useActionData, type FetcherWithComponents } from '@remix-run/react';
import type { FormResult, Targeted } from './results';

/** The last answer for the form of `intent`: the fetcher's, else the page's when it is for it. */
export function useCardResult(
  fetcher: FetcherWithComponents<Targeted>,
  intent: string,
): FormResult {
  const page = useActionData<Targeted | object>();
  if (fetcher.data) return fetcher.state === 'idle' ? fetcher.data.result : undefined;
  return page && 'target' in page && page.target === intent ? page.result : undefined;
}
