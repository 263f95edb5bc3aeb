/** A strict RFC 4180 reader for the tests: quoted cells, doubled quotes, CRLF rows. Throws on anything malformed. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      } else {
        cell += c;
        i += 1;
      }
    } else if (c === '"') {
      if (cell !== '') throw new Error(`a quote inside an unquoted cell at ${i}`);
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i += 1;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`a CR without LF at ${i}`);
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else if (c === '\n') {
      throw new Error(`a bare LF outside quotes at ${i}`);
    } else {
      cell += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('an unclosed quote');
  if (cell !== '' || row.length > 0) throw new Error('the last row has no CRLF');
  return rows;
}

/** CSV rows as objects keyed by the header row. */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('no header row');
  return rows.map((cells) => {
    if (cells.length !== header.length) throw new Error(`a row of ${cells.length} cells under a header of ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, cells[i]!]));
  });
}
