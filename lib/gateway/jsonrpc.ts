/**
 * Two JSON-RPC rules the MCP SDK (2.4) leaves unenforced, each fixed where it
 * is decided:
 *
 * - Batches. JSON-RPC batching exists in protocol revision 2025-03-26 only;
 *   2025-06-18 removed it (spec changelog, "Remove support for JSON-RPC
 *   batching"). The SDK's 2025-era transport serves any batch of up to 100
 *   messages whatever revision the client negotiated, which its
 *   `MCP-Protocol-Version` header names. The gateway parses each POST body
 *   once for the SDK (message-body.ts); `batchRefusal` looks at that parsed
 *   body, so the check reads and parses nothing again.
 * - Invalid params. The SDK checks the params of the methods it dispatches
 *   itself (`initialize`, `tools/list`, `ping`) and throws a plain Error on a
 *   mismatch, which goes out as -32603 Internal error carrying a zod dump.
 *   `HubServer` answers those -32602 Invalid params, naming the fields.
 */
import {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  specTypeSchemas,
  type JSONRPCRequest,
  type Result,
  type ServerContext,
  type SpecTypeName,
} from '@modelcontextprotocol/server';

/** The first revision without JSON-RPC batching. */
const BATCHING_REMOVED_IN = '2025-06-18';
const REVISION_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The refusal for a JSON-RPC batch on a revision without batching, or null.
 * Takes the body already parsed for the SDK (message-body.ts), so nothing is
 * read or parsed twice; anything that is not a batch costs one `isArray`.
 */
export function batchRefusal(request: Request, parsedBody: unknown): Response | null {
  if (!Array.isArray(parsedBody)) return null;
  // Without the header a 2025-era client is taken to speak 2025-03-26 (spec, "Protocol Version Header").
  const revision = request.headers.get('mcp-protocol-version') ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION;
  // A header that is no revision at all is the SDK's to refuse (unsupported protocol version); it is not quoted back.
  if (!REVISION_PATTERN.test(revision) || revision < BATCHING_REMOVED_IN) return null;
  const message = `Invalid Request: JSON-RPC batches are not allowed on protocol revision ${revision} (batching was removed in ${BATCHING_REMOVED_IN}). Send each request in its own POST.`;
  return Response.json({ jsonrpc: '2.0', id: null, error: { code: ProtocolErrorCode.InvalidRequest, message } }, { status: 400 });
}

/** Spec methods whose params the SDK checks before dispatching, by the spec type of their request. */
const CHECKED_BY_THE_SDK: Readonly<Record<string, SpecTypeName>> = { initialize: 'InitializeRequest', 'tools/list': 'ListToolsRequest', ping: 'PingRequest' };

/** "`params.protocolVersion`: expected string, received number; …", or null when the request is a valid one. */
function describeInvalidRequest(type: SpecTypeName, request: unknown): string | null {
  const outcome = specTypeSchemas[type]['~standard'].validate(request);
  if (!outcome.issues) return null;
  return outcome.issues
    .slice(0, 10)
    .map((issue) => `\`${(issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.') || '(request)'}\`: ${issue.message}`)
    .join('; ');
}

type RequestHandler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/** The SDK's `Server`, answering invalid params of the methods the SDK checks itself with -32602 instead of -32603. */
export class HubServer extends Server {
  protected override _wrapHandler(method: string, handler: RequestHandler): RequestHandler {
    const wrapped = super._wrapHandler(method, handler);
    const type = CHECKED_BY_THE_SDK[method];
    if (type === undefined) return wrapped;
    return async (request, ctx) => {
      try {
        return await wrapped(request, ctx);
      } catch (error) {
        // Only a request the spec's own schema refuses is the client's fault; anything else stays what it was.
        const invalid = error instanceof ProtocolError ? null : describeInvalidRequest(type, request);
        if (invalid === null) throw error;
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid params for ${method}: ${invalid}. Fix them and send the request again.`);
      }
    };
  }
}
