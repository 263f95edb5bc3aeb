/**
 * What to do for each AI client, in order, from the hub's client-config
 * answer: the one-click install where the client has one (the .mcpb, the
 * Cursor and VS Code links, none carrying the key), then the JSON to paste
 * instead. Only wording lives here; every entry and link comes from the hub.
 */
import type { ReactNode } from 'react';
import { api } from '../../_lib/api.ts';
import { shellLine } from '../../_lib/shell-line.ts';
import { InstallLink, Snippet } from './snippet.tsx';

type ClientConfig = NonNullable<Awaited<ReturnType<typeof api['client-config']['get']>>['data']>;

const code = (text: string) => <code className="font-mono">{text}</code>;

function Steps({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ol aria-label={`${label} steps`} className="flex list-decimal flex-col gap-6 pl-6">
      {children}
    </ol>
  );
}

function PasteInstead({ config, file, label }: { config: ClientConfig; file: ReactNode; label: string }) {
  return (
    <li className="flex flex-col gap-2">
      <p>
        Or paste this into {file}, with your key in place of {code(config.keyPlaceholder)} (create one under API keys), then restart {label}.
      </p>
      <Snippet text={JSON.stringify(config.entry, null, 2)} label={`${label} JSON`} />
    </li>
  );
}

export function ClientSteps({ config, label }: { config: ClientConfig; label: string }) {
  switch (config.client) {
    case 'claude':
      return (
        <Steps label={label}>
          <li className="flex flex-col items-start gap-2">
            <a href={config.bundle ?? undefined} download="mcphub.mcpb" className="rounded bg-blue-600 px-4 py-2 font-medium text-white">
              Download the Claude Desktop extension
            </a>
            <p>Open the downloaded mcphub.mcpb. Claude Desktop shows MCP Hub, asks for your API key and keeps it in your system keychain.</p>
          </li>
          <PasteInstead config={config} label={label} file={<>{code('claude_desktop_config.json')} (Settings → Developer → Edit Config)</>} />
        </Steps>
      );
    case 'cursor':
      return (
        <Steps label={label}>
          <li className="flex flex-col gap-2">
            <p>
              Set {code(config.keyVariable ?? '')} to your key where Cursor starts, for example in your shell profile, and start Cursor from that shell. The link below reads the key from it and never carries it.
            </p>
            <Snippet text={`export ${config.keyVariable}=${config.keyPlaceholder}`} label="the variable to set" />
          </li>
          <li>
            <InstallLink href={config.installLink ?? ''} label="the Cursor install link">
              Add to Cursor
            </InstallLink>
          </li>
          <PasteInstead config={config} label={label} file={<>{code('~/.cursor/mcp.json')} (or {code('.cursor/mcp.json')} in a project)</>} />
        </Steps>
      );
    case 'vscode':
      return (
        <Steps label={label}>
          <li className="flex flex-col gap-2">
            <InstallLink href={config.installLink ?? ''} label="the VS Code install link">
              Install in VS Code
            </InstallLink>
            <p>VS Code asks for your API key when the server first starts and keeps it in its secret storage.</p>
          </li>
          <PasteInstead config={config} label={label} file={<>{code('.vscode/mcp.json')} (or the user file from “MCP: Open User Configuration”)</>} />
        </Steps>
      );
    case 'claude-code':
      return (
        <Steps label={label}>
          <li className="flex flex-col gap-2">
            <p>Run this in a terminal, with your key in place of {code(config.keyPlaceholder)}:</p>
            <Snippet text={shellLine(config.command ?? [])} label="the Claude Code command" />
          </li>
        </Steps>
      );
    default:
      return (
        <Steps label={label}>
          <li className="flex flex-col gap-2">
            <p>Point the client at this Streamable HTTP endpoint:</p>
            <Snippet text={config.endpoint.url} label="the MCP endpoint URL" />
          </li>
          <li className="flex flex-col gap-2">
            <p>Send this header with every request, with your key in place of {code(config.keyPlaceholder)}:</p>
            <Snippet text={`Authorization: ${config.endpoint.headers.Authorization}`} label="the Authorization header" />
          </li>
        </Steps>
      );
  }
}
