/**
 * The dashboard's navigation: one link per page, the current one marked for
 * screen readers as well as by look. It reads the session once, for the
 * session menu and for the role: People is an admin's page, so a member's
 * nav leaves it out (the API refuses them the list anyway).
 */
'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { api } from '../_lib/api.ts';
import { useLoad } from '../_lib/use-load.ts';
import { SessionMenu } from './session-menu.tsx';

const PAGES: readonly { href: string; label: string; adminOnly?: boolean }[] = [
  { href: '/integrations', label: 'Integrations' },
  { href: '/mcp-servers', label: 'MCP servers' },
  { href: '/connect', label: 'Connect your client' },
  { href: '/keys', label: 'API keys' },
  { href: '/toolsets', label: 'Toolsets' },
  { href: '/usage', label: 'Usage' },
  { href: '/billing', label: 'Billing' },
  { href: '/logs', label: 'Logs' },
  { href: '/people', label: 'People', adminOnly: true },
  { href: '/account', label: 'Account' },
];

/** `clerk`: whether this hub signs in with Clerk, for the session menu's sign-out. */
export function Nav({ clerk }: { clerk: boolean }) {
  const pathname = usePathname();
  const [session] = useLoad(() => api.session.get());
  const admin = session.state === 'ready' && session.data.user.role === 'admin';
  const pages = PAGES.filter((page) => !page.adminOnly || admin);
  return (
    <nav aria-label="Dashboard" className="border-b border-gray-200 bg-white">
      <ul className="mx-auto flex max-w-5xl flex-wrap items-center gap-1 px-4 py-2">
        <li className="mr-4 font-semibold">MCP Hub</li>
        {pages.map(({ href, label }) => {
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
          <SessionMenu session={session} clerk={clerk} />
        </li>
      </ul>
    </nav>
  );
}
