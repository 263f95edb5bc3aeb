/** The dashboard's navigation: one link per page, the current one marked for screen readers as well as by look. */
'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { SessionMenu } from './session-menu.tsx';

const PAGES = [
  { href: '/integrations', label: 'Integrations' },
  { href: '/connect', label: 'Connect your client' },
  { href: '/keys', label: 'API keys' },
  { href: '/usage', label: 'Usage' },
  { href: '/logs', label: 'Logs' },
  { href: '/account', label: 'Account' },
] as const;

/** `clerk`: whether this hub signs in with Clerk, for the session menu's sign-out. */
export function Nav({ clerk }: { clerk: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard" className="border-b border-gray-200 bg-white">
      <ul className="mx-auto flex max-w-5xl flex-wrap items-center gap-1 px-4 py-2">
        <li className="mr-4 font-semibold">MCP Hub</li>
        {PAGES.map(({ href, label }) => {
          const current = pathname === href || pathname.startsWith(href + '/');
          return (
            <li key={href}>
              <Link href={href} aria-current={current ? 'page' : undefined} className={`rounded px-3 py-1.5 ${current ? 'bg-gray-900 text-white' : 'text-gray-700 hover:bg-gray-100'}`}>
                {label}
              </Link>
            </li>
          );
        })}
        <li className="ml-auto">
          <SessionMenu clerk={clerk} />
        </li>
      </ul>
    </nav>
  );
}
