// The header's links: in a row on wide screens; on phones behind a menu button, so that the
// header stays one row tall. Without scripts the button is useless, so the links are simply
// shown (the `noscript:` variant, @media (scripting: none), in tailwind.css).
import { useLocation } from '@remix-run/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '~/i18n/i18n';

const PANEL_ID = 'site-menu';

export function SiteMenu({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  // the menu is open for the page it was opened on: a followed link closes it
  const { key } = useLocation();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === key;
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpenOn(null);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={PANEL_ID}
        onClick={() => setOpenOn(open ? null : key)}
        className="order-3 inline-flex items-center gap-1 rounded border border-stone-300 px-2 py-1 text-sm hover:bg-stone-100 md:hidden noscript:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="currentColor">
          {open ? (
            <path d="M3.5 2.4 8 6.9l4.5-4.5 1.1 1.1L9.1 8l4.5 4.5-1.1 1.1L8 9.1l-4.5 4.5-1.1-1.1L6.9 8 2.4 3.5z" />
          ) : (
            <path d="M2 3.5h12V5H2zm0 3.75h12v1.5H2zM2 11h12v1.5H2z" />
          )}
        </svg>
        {t('nav.menu')}
      </button>
      <div
        id={PANEL_ID}
        className={`order-4 basis-full flex-col gap-3 border-t border-stone-200 pt-3 md:order-none md:flex md:flex-1 md:basis-auto md:flex-row md:flex-wrap md:items-center md:gap-4 md:border-0 md:pt-0 noscript:flex ${open ? 'flex' : 'hidden'}`}
      >
        {children}
      </div>
    </>
  );
}
