import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import ts from 'typescript';
import { describeOnEngines } from '../test/engines.ts';

/**
 * db/schema.ts is written by hand; this test holds it to the migrated database so that the two cannot drift:
 * the same tables, the same columns, the same nullability, and a TypeScript type of the right kind for each
 * column's SQL type (what node-postgres returns on both engines: int8 and numeric as strings, date as a string
 * because the DATE parser is switched off, timestamptz as Date, jsonb as anything).
 */

type TsColumn = { nullable: boolean; kind: 'string' | 'number' | 'boolean' | 'Date' | 'unknown' | 'other' };

/** Reads the select type (Kysely's Selectable) of every table of the DB interface through the type checker. */
function readSchemaTs(): Map<string, Map<string, TsColumn>> {
  const schemaFile = path.join(import.meta.dirname, 'schema.ts');
  const probeFile = path.join(import.meta.dirname, '__schema_probe__.ts');
  const probe = `import type { Selectable } from 'kysely';
import type { DB } from './schema.ts';
export type Rows = { [T in keyof DB]: Selectable<DB[T]> };
`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (path.resolve(f) === probeFile ? probe : readFile(f));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => path.resolve(f) === probeFile || fileExists(f);
  const program = ts.createProgram([probeFile, schemaFile], options, host);
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  assert.deepEqual(
    errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
    'schema.ts type-checks',
  );
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probeFile)!;
  const alias = source.statements.find(ts.isTypeAliasDeclaration)!;
  const rows = checker.getTypeAtLocation(alias.name);
  const tables = new Map<string, Map<string, TsColumn>>();
  for (const table of checker.getPropertiesOfType(rows)) {
    const rowType = checker.getTypeOfSymbolAtLocation(table, alias);
    const columns = new Map<string, TsColumn>();
    for (const column of checker.getPropertiesOfType(rowType)) {
      const t = checker.getTypeOfSymbolAtLocation(column, alias);
      const parts = t.isUnion() ? t.types : [t];
      const nullable = parts.some((p) => (p.flags & ts.TypeFlags.Null) !== 0);
      const rest = parts.filter((p) => (p.flags & ts.TypeFlags.Null) === 0);
      columns.set(column.name, { nullable, kind: kindOf(checker, rest) });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

function kindOf(checker: ts.TypeChecker, parts: readonly ts.Type[]): TsColumn['kind'] {
  const all = (f: ts.TypeFlags) => parts.length > 0 && parts.every((p) => (p.flags & f) !== 0);
  if (parts.some((p) => (p.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0)) return 'unknown';
  if (all(ts.TypeFlags.StringLike)) return 'string';
  if (all(ts.TypeFlags.NumberLike)) return 'number';
  if (all(ts.TypeFlags.BooleanLike)) return 'boolean';
  if (parts.length === 1 && checker.typeToString(parts[0]!) === 'Date') return 'Date';
  return 'other';
}

/** The TypeScript kind node-postgres gives a column of this SQL type on both engines. */
function expectedKind(dataType: string, udtName: string): TsColumn['kind'] {
  switch (dataType) {
    case 'integer':
    case 'smallint':
    case 'real':
    case 'double precision':
      return 'number';
    case 'bigint':
    case 'numeric':
    case 'text':
    case 'character varying':
    case 'character':
    case 'date':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return 'Date';
    case 'json':
    case 'jsonb':
      return 'unknown';
    case 'USER-DEFINED':
      return udtName === 'ltree' ? 'string' : 'other';
    default:
      return 'other';
  }
}

const fromTs = readSchemaTs();

describeOnEngines('schema.ts matches the migrated database', (ctx) => {
  let fromDb: Map<string, Map<string, { nullable: boolean; dataType: string; udtName: string }>>;

  before(async () => {
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      is_nullable: 'YES' | 'NO';
      data_type: string;
      udt_name: string;
    }>`select c.table_name, c.column_name, c.is_nullable, c.data_type, c.udt_name
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       order by c.table_name, c.ordinal_position`.execute(ctx.database.db);
    fromDb = new Map();
    for (const r of rows) {
      const table = fromDb.get(r.table_name) ?? new Map();
      table.set(r.column_name, { nullable: r.is_nullable === 'YES', dataType: r.data_type, udtName: r.udt_name });
      fromDb.set(r.table_name, table);
    }
  });

  test('the same tables', () => {
    assert.deepEqual([...fromTs.keys()].sort(), [...fromDb.keys()].sort());
  });

  test('the same columns in every table', () => {
    for (const [table, columns] of fromDb) {
      assert.deepEqual(
        [...(fromTs.get(table)?.keys() ?? [])].sort(),
        [...columns.keys()].sort(),
        `columns of ${table}`,
      );
    }
  });

  test('a column is nullable in schema.ts exactly when it is nullable in the database', () => {
    const wrong: string[] = [];
    for (const [table, columns] of fromDb) {
      for (const [column, db] of columns) {
        const t = fromTs.get(table)?.get(column);
        // `unknown` (jsonb) admits null already.
        if (t && t.kind !== 'unknown' && t.nullable !== db.nullable)
          wrong.push(`${table}.${column}: database ${db.nullable}, schema.ts ${t.nullable}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('each column has the TypeScript type the driver returns for its SQL type', () => {
    const wrong: string[] = [];
    for (const [table, columns] of fromDb) {
      for (const [column, db] of columns) {
        const t = fromTs.get(table)?.get(column);
        const expected = expectedKind(db.dataType, db.udtName);
        if (t && t.kind !== expected)
          wrong.push(`${table}.${column} (${db.dataType}): expected ${expected}, schema.ts ${t.kind}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
