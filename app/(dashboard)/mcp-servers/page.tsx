/**
 * MCP servers: the remote MCP servers whose tools the signed-in user's
 * clients get beside the built-in integrations (issue 15) — theirs and those
 * an admin added for everyone — each with its status and its tools, showing
 * the name the client sees beside the server's own where the hub renamed
 * one; adding one (the hub lists its tools first and says why it could not),
 * refreshing and removing. The list loads again after each change.
 */
'use client';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { AddServerForm } from './add-server-form.tsx';
import { ServerCard } from './server-card.tsx';

export default function McpServersPage() {
  return (
    <Suspense>
      <McpServers />
    </Suspense>
  );
}

function McpServers() {
  const [loaded, reload] = useLoad(() => api['remote-servers'].get());
  const [session] = useLoad(() => api.session.get());
  // `?connected=<slug>`: a server's OAuth sign-in just came back (lib/server/oauth-routes.ts).
  const connected = useSearchParams().get('connected');
  const [notice, setNotice] = useState<string | null>(connected ? `Signed in to ${connected}: its tools are in your AI clients now.` : null);
  const admin = session.state === 'ready' && session.data.user.role === 'admin';
  const changed = (text: string) => {
    setNotice(text);
    reload();
  };
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">MCP servers</h1>
      <p className="mb-6 text-gray-600">Add an MCP server you already use by its URL: its tools appear in every AI client using your keys, as &lt;slug&gt;__&lt;tool&gt;.</p>
      <section aria-labelledby="add-server" className="mb-8 rounded border border-gray-200 bg-white p-4">
        <h2 id="add-server" className="mb-3 text-lg font-semibold">Add MCP server</h2>
        <AddServerForm admin={admin} onAdded={(slug, tools) => changed(`Added ${slug} with ${tools} tools: they are in your AI clients now.`)} />
      </section>
      {notice && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          {notice}
        </p>
      )}
      <View loaded={loaded} retry={reload} what="MCP servers" isEmpty={(page) => page.items.length === 0} empty="No MCP servers yet. Add one above with its URL.">
        {(page) => (
          <ul aria-label="MCP servers" className="flex flex-col gap-4">
            {page.items.map((server) => (
              <ServerCard key={server.id} server={server} onChanged={changed} />
            ))}
          </ul>
        )}
      </View>
    </>
  );
}
