// Wide tables sit in `.overflow-x-auto` boxes that scroll sideways on a phone. A box that
// actually scrolls must be reachable by keyboard (WCAG 2.1.1, axe's scrollable-region-focusable),
// yet a box that fits should not add a tab stop; which one a box is depends on the screen, so it
// is decided in the browser, again whenever the page or the window changes.
import { useLocation } from '@remix-run/react';
import { useEffect } from 'react';

function mark() {
  for (const box of document.querySelectorAll<HTMLElement>('.overflow-x-auto')) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    const hasFocusable = box.querySelector('a[href], button, input, select, textarea, [tabindex]');
    if (scrolls && !hasFocusable) box.setAttribute('tabindex', '0');
    else if (box.getAttribute('tabindex') === '0') box.removeAttribute('tabindex');
  }
}

export function ScrollRegions() {
  const location = useLocation();
  useEffect(() => {
    mark();
    window.addEventListener('resize', mark);
    return () => window.removeEventListener('resize', mark);
  }, [location]);
  return null;
}
