/**
 * A plain table of rows: the markup, the caption screen readers announce and
 * the header scopes, for every list page. `onRowClick` makes a whole row a
 * pointer target; it is a convenience only, so a row that has it must also
 * carry a button that does the same for the keyboard.
 */
import type { MouseEvent, ReactNode } from 'react';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Extra classes for this column's cells (`font-mono`, `whitespace-nowrap`). */
  className?: string;
}

export function DataTable<Row>({ caption, columns, rows, rowKey, onRowClick }: { caption: string; columns: readonly Column<Row>[]; rows: readonly Row[]; rowKey: (row: Row) => string; onRowClick?: (row: Row, event: MouseEvent<HTMLTableRowElement>) => void }) {
  return (
    <table className="w-full border-collapse bg-white text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-gray-200">
          {columns.map((column) => (
            <th key={column.header} scope="col" className="p-2">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} onClick={onRowClick && ((event) => onRowClick(row, event))} className={`border-b border-gray-100 align-top${onRowClick ? ' cursor-pointer hover:bg-gray-50' : ''}`}>
            {columns.map((column) => (
              <td key={column.header} className={column.className ? `p-2 ${column.className}` : 'p-2'}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
