/**
 * The upstream side of the tool call running now: its fetch (metered and
 * capped by the executor) and its signal (the caller's cancellation and the
 * call timeout). The executor runs each tool in `runUpstreamCall`, so a
 * client that binds its fetch at construction, like Octokit, can be built
 * once per credential and still send every request through the fetch and
 * signal of the call that made it: give it `scopedFetch`. Building Octokit per
 * call was about a tenth of the hub's CPU per GitHub call (bench/peer.bench.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface UpstreamCall {
  fetch: typeof fetch;
  signal: AbortSignal;
}

const current = new AsyncLocalStorage<UpstreamCall>();

/** Runs `work` (creating a tool's client and running its handler) as the call `call` describes. */
export function runUpstreamCall<T>(call: UpstreamCall, work: () => T): T {
  return current.run(call, work);
}

/** Whether code runs inside `runUpstreamCall`, where `scopedFetch` can send. */
export function inUpstreamCall(): boolean {
  return current.getStore() !== undefined;
}

/** A fetch for clients shared across calls: sends through the current call's fetch, under its signal. */
export const scopedFetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const call = current.getStore();
  if (!call) return Promise.reject(new Error('gateway bug: an upstream request was sent outside a tool call'));
  return call.fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, call.signal]) : call.signal });
}) as typeof fetch;
