/** PostgreSQL: schemas, tables, read-only queries and plans, and — only when a person allows it — writes, through `pg`. */
import { defineIntegration } from '../../lib/mcp/define.ts';
import { checkConnectionString, createPostgresClient } from './client.ts';
import { mapPostgresError } from './errors.ts';
import { verifyPostgres } from './verify.ts';
import { closePools } from './pools.ts';
import { PostgresSettingsSchema } from './settings.ts';
import describeTable from './tools/describe-table.ts';
import executeSql from './tools/execute-sql.ts';
import explainQuery from './tools/explain-query.ts';
import listSchemas from './tools/list-schemas.ts';
import listTables from './tools/list-tables.ts';
import runQuery from './tools/run-query.ts';

export default defineIntegration({
  slug: 'postgres',
  name: 'PostgreSQL',
  description: 'Schemas, tables and their columns, keys and indexes; read-only queries and query plans; writes only when allowed per connection.',
  category: 'Databases',
  auth: {
    kind: 'token',
    label: 'connection string',
    help: 'A connection string such as postgres://user:password@host:5432/database (add ?sslmode=require for a server that needs TLS). Best practice: a role that may only read what the assistant should see.',
    scopes: ['CONNECT on the database', 'USAGE on schemas', 'SELECT on tables'],
    check: checkConnectionString,
  },
  settings: PostgresSettingsSchema,
  createClient: createPostgresClient,
  mapError: mapPostgresError,
  verify: verifyPostgres,
  close: closePools,
  tools: [listSchemas, listTables, describeTable, runQuery, explainQuery, executeSql],
});
