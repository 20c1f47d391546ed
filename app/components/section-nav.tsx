// The links of a section of the site (the bureau's desk, the account pages), the current page's
// in bold.
import { NavLink } from '@remix-run/react';

export type SectionLink = {
  to: string;
  label: string;
  /** current only on this very page, not on the pages below it */
  end?: boolean;
};

export function SectionNav({
  label,
  links,
  className,
}: {
  label: string;
  links: readonly SectionLink[];
  className: string;
}) {
  return (
    <nav aria-label={label} className={className}>
      {links.map((l) => (
        <NavLink
          key={l.to}
          to={l.to}
          end={l.end}
          className={({ isActive }) => (isActive ? 'font-semibold text-brand-700' : '')}
        >
          {l.label}
        </NavLink>
      ))}
    </nav>
  );
}
