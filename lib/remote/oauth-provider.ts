/**
 * The SDK's OAuthClientProvider over a remote server's sealed credential
 * (issue 15, the server's own OAuth): MCP authorization discovery, dynamic
 * client registration and PKCE are the SDK's (`auth()`); this keeps what
 * they produce in the credential and hands each change to `save`, which
 * seals and stores it. The same provider serves the sign-in (with `state`
 * and the verifier captured for the callback) and every later request,
 * where the transport refreshes an expired token through it.
 */
import type { OAuthClientMetadata, OAuthClientProvider, OAuthDiscoveryState, StoredOAuthClientInformation, StoredOAuthTokens } from '@modelcontextprotocol/client';
import type { RemoteCredential } from './credential.ts';

type OAuthCredential = Extract<RemoteCredential, { kind: 'oauth' }>;

export interface RemoteOAuthProviderOptions {
  /** `<hub>/oauth/remote/callback`. */
  redirectUrl: string;
  credential: OAuthCredential;
  /** Stores the credential after the client was registered or tokens were issued or refreshed. */
  save: (credential: OAuthCredential) => Promise<void>;
  /** The sign-in's `state`; absent outside a sign-in. */
  state?: string;
  /** The sign-in's PKCE verifier, at the callback. */
  codeVerifier?: string;
}

export class RemoteOAuthProvider implements OAuthClientProvider {
  /** Set by the SDK when the person must sign in: where to send their browser. */
  authorizationUrl: URL | null = null;
  #verifier: string | undefined;

  constructor(private readonly options: RemoteOAuthProviderOptions) {
    this.#verifier = options.codeVerifier;
  }

  get redirectUrl(): string {
    return this.options.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'MCP Hub',
      redirect_uris: [this.options.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    if (!this.options.state) throw new Error('remote OAuth: a sign-in was asked for outside the dashboard flow');
    return this.options.state;
  }

  clientInformation(): StoredOAuthClientInformation | undefined {
    return this.options.credential.client;
  }

  async saveClientInformation(client: StoredOAuthClientInformation): Promise<void> {
    this.options.credential.client = client;
    await this.options.save(this.options.credential);
  }

  tokens(): StoredOAuthTokens | undefined {
    return this.options.credential.tokens;
  }

  async saveTokens(tokens: StoredOAuthTokens): Promise<void> {
    this.options.credential.tokens = tokens;
    await this.options.save(this.options.credential);
  }

  /** Kept with the credential, so the callback checks the code comes from the authorization server the sign-in started at (SEP-2352). */
  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    this.options.credential.discovery = state;
    await this.options.save(this.options.credential);
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.options.credential.discovery;
  }

  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string): void {
    this.#verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.#verifier) throw new Error('remote OAuth: no PKCE verifier for this sign-in');
    return this.#verifier;
  }
}
