// A button that copies a short value (the demo password) to the clipboard. It appears only once
// scripts run, since without them it could do nothing; the value itself stays selectable text.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useI18n } from '~/i18n/i18n';

type State = 'idle' | 'copied' | 'failed';

const subscribeNothing = () => () => {};

/**
 * `describedBy` names the element that shows the value, so that the button reads as "Copy" plus
 * what it copies (an aria-label would also make it a second match for the field's own label).
 */
export function CopyButton({ value, describedBy }: { value: string; describedBy: string }) {
  const { t } = useI18n();
  // false in the server's HTML and during hydration, true once scripts run
  const ready = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const [state, setState] = useState<State>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 3000);
    return () => clearTimeout(timer);
  }, [state]);
  if (!ready) return null;

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      // no clipboard permission (or an insecure origin): the user copies by hand
      setState('failed');
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={copy}
        aria-describedby={describedBy}
        className="rounded border border-stone-300 bg-white px-2 py-0.5 text-xs hover:bg-stone-100"
      >
        {t('app.copy')}
      </button>
      <span role="status" className="text-xs text-stone-600">
        {state === 'copied' ? t('app.copied') : state === 'failed' ? t('app.copyFailed') : ''}
      </span>
    </span>
  );
}
