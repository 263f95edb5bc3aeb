/**
 * Ranked full-text search over a catalog's tools for `hub__search_tools`:
 * BM25 (Robertson/Spärck Jones; k1 = 1.2, b = 0.75) over one weighted bag of
 * words per tool — its wire name and title count three and two times, its
 * integration twice, its description and parameter names once. Words are
 * split at `_`, `-` and punctuation (and at case changes, keeping the whole
 * word too), lowercased, and cut to a crude stem (`issues`, `created` →
 * `issu`, `creat`), and a few everyday words are widened to the verbs tools
 * use (`find` → `search`, `send` → `post`). An index is built once per
 * catalog (a principal fill), on first search: 1–2 ms for 61
 * tools (bench/discovery.bench.ts).
 */
import type { Tool } from '@modelcontextprotocol/server';

const K1 = 1.2;
const B = 0.75;

const STOPWORDS = new Set('a an and are as at be by can do for from have how i in into is it its me my of on or our please that the this to up use want we what when where which who with you your'.split(' '));

/** Everyday words and the words tool names use for them; a query word also matches its synonyms, at half weight. */
const SYNONYMS: Record<string, readonly string[]> = {
  find: ['search', 'list', 'get'],
  look: ['search', 'get'],
  show: ['get', 'list', 'read'],
  fetch: ['get', 'read'],
  read: ['get'],
  see: ['get', 'list'],
  open: ['create', 'get'],
  new: ['create'],
  make: ['create'],
  write: ['create', 'append', 'post'],
  add: ['create', 'append'],
  send: ['post', 'message'],
  say: ['post', 'message'],
  tell: ['post', 'message'],
  change: ['update'],
  edit: ['update'],
  modify: ['update'],
  ticket: ['issue'],
  bug: ['issue'],
  task: ['issue'],
  repo: ['repository'],
  pr: ['pull', 'request'],
  db: ['database', 'sql'],
  query: ['sql', 'search'],
  run: ['execute', 'run'],
  who: ['user', 'me'],
  emoji: ['reaction'],
  react: ['reaction'],
  doc: ['page', 'document'],
  note: ['page'],
  comment: ['comment', 'reply'],
  reply: ['reply', 'comment', 'thread'],
  channel: ['channel', 'conversation'],
};

/** How much a part of a camel-case word counts beside the whole word: splitting is a guess (`GitHub` is one word, `createServer` two). */
const PART_WEIGHT = 0.5;

/**
 * Lowercased word stems of `text` with their weights, stopwords dropped. A
 * word with inner case changes counts whole and, at PART_WEIGHT, in its parts
 * (`GitHub` → `github`, `git`, `hub`; `createServer` → `createserver`,
 * `create`, `server`), so a brand matches its slug and an identifier its words.
 */
function weightedTerms(text: string): Array<[term: string, weight: number]> {
  const out: Array<[string, number]> = [];
  for (const word of text.split(/[^A-Za-z0-9]+/)) {
    if (!word) continue;
    const whole = word.toLowerCase();
    if (!STOPWORDS.has(whole)) out.push([stem(whole), 1]);
    const parts = word.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
    if (parts.length > 1) for (const part of parts) if (!STOPWORDS.has(part)) out.push([stem(part), PART_WEIGHT]);
  }
  return out;
}

/** The terms of `text`, whole words and camel-case parts alike (weightedTerms without the weights). */
export function tokenize(text: string): string[] {
  return weightedTerms(text).map(([term]) => term);
}

/** A crude suffix stripper: enough for plurals and -ed/-ing forms to meet their base word. */
function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ly')) w = w.slice(0, -2);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** SYNONYMS by the stem of each word, as queries are tokenized. */
const SYNONYM_STEMS = new Map(Object.entries(SYNONYMS).map(([word, synonyms]) => [stem(word), synonyms.map(stem)]));

function propertyNames(tool: Tool): string[] {
  const properties = (tool.inputSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

/** The weighted words of one tool. */
function fieldsOf(tool: Tool): Array<[text: string, weight: number]> {
  const at = tool.name.indexOf('__');
  const integration = at > 0 ? tool.name.slice(0, at) : '';
  const shortName = at > 0 ? tool.name.slice(at + 2) : tool.name;
  return [
    [shortName, 3],
    [tool.annotations?.title ?? tool.title ?? '', 2],
    [integration, 2],
    [tool.description ?? '', 1],
    [propertyNames(tool).join(' '), 1],
  ];
}

export interface SearchHit {
  tool: Tool;
  score: number;
}

export interface ToolIndex {
  /** The best `limit` tools for `query`, best first; tools that match no word are left out. */
  search(query: string, limit: number): SearchHit[];
}

export interface ToolIndexOptions {
  /** Widen query words by SYNONYMS (default true); off only to measure what the list adds (bench/discovery.bench.ts). */
  synonyms?: boolean;
}

export function createToolIndex(tools: readonly Tool[], options: ToolIndexOptions = {}): ToolIndex {
  const synonyms = options.synonyms ?? true;
  const docs = tools.map((tool) => {
    const tf = new Map<string, number>();
    let length = 0;
    for (const [text, weight] of fieldsOf(tool)) {
      for (const [term, termWeight] of weightedTerms(text)) {
        tf.set(term, (tf.get(term) ?? 0) + weight * termWeight);
        length += weight * termWeight;
      }
    }
    return { tool, tf, length };
  });
  const averageLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(docs.length, 1);
  const documentFrequency = new Map<string, number>();
  for (const doc of docs) for (const term of doc.tf.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const idf = (term: string) => {
    const n = documentFrequency.get(term) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };

  return {
    search(query, limit) {
      const weights = new Map<string, number>();
      for (const [term, weight] of weightedTerms(query)) {
        weights.set(term, Math.max(weights.get(term) ?? 0, weight));
        if (synonyms) for (const synonym of SYNONYM_STEMS.get(term) ?? []) weights.set(synonym, Math.max(weights.get(synonym) ?? 0, weight / 2));
      }
      const hits: SearchHit[] = [];
      for (const doc of docs) {
        let score = 0;
        for (const [term, weight] of weights) {
          const f = doc.tf.get(term);
          if (!f) continue;
          score += weight * idf(term) * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * doc.length) / averageLength)));
        }
        if (score > 0) hits.push({ tool: doc.tool, score });
      }
      // Ties keep catalog order, so the same query always ranks the same way.
      return hits.sort((a, b) => b.score - a.score).slice(0, limit);
    },
  };
}
