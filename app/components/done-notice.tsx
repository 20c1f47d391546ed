// The one way a page confirms a change after its action redirected back (app/lib/done.ts):
// a translated, polite status message for `?done=<key>`. Unknown keys show nothing.
import { useSearchParams } from '@remix-run/react';
import { Notice } from '~/components/form';
import { tKey, useI18n } from '~/i18n/i18n';
import { DONE_MESSAGES, readDone, type DonePage } from '~/lib/done';

export function DoneNotice({
  page,
  values = [],
}: {
  /** whose set of notices (DONE_MESSAGES) the page shows */
  page: DonePage;
  /** query parameters the messages interpolate (e.g. a challenge code) */
  values?: readonly string[];
}) {
  const [search] = useSearchParams();
  const { t } = useI18n();
  const messages: Record<string, string> = DONE_MESSAGES[page];
  const found = readDone(search, Object.keys(messages), values);
  if (!found) return null;
  return <Notice>{tKey(t, messages[found.done], found.values)}</Notice>;
}
