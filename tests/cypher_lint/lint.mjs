// Lint Cypher statements with Neo4j's own linter (@neo4j-cypher/language-support), as Neo4j 5.
//
// stdin:  a JSON array of {name, cypher, params: [names]}, or an object
//         {statements: [...], schema: {labels, relationshipTypes, propertyKeys}}
// stdout: a JSON array of {name, errors: [{message, severity, line, column, deprecated}]}
//         severity 1 = error, 2 = warning (deprecations, unknown labels/properties);
//         line and column are 1-based, as in Neo4j's own messages.
//
// Run by tests/test_cypher_lint.py after `npm ci --prefix tests/cypher_lint`.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const CYPHER_VERSION = 'CYPHER 5'; // Neo4j 5.x speaks only Cypher 5
// DESIGN.md: no APOC, no GDS. Dropping them from the registry makes a call to one an error.
const NOT_INSTALLED = /^(apoc|gds|genai)\./;

function withoutPlugins(registry) {
  const out = {};
  for (const [version, byName] of Object.entries(registry ?? {})) {
    out[version] = Object.fromEntries(
      Object.entries(byName).filter(([name]) => !NOT_INSTALLED.test(name)),
    );
  }
  return out;
}

// The package's recorded procedure and function signatures of a real Neo4j (its test data):
// with them the linter checks that every procedure and function we call exists in Cypher 5.
const procedures = withoutPlugins(testData.mockSchema.procedures);
const functions = withoutPlugins(testData.mockSchema.functions);

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const input = JSON.parse(await readStdin());
const statements = Array.isArray(input) ? input : input.statements;
const declared = Array.isArray(input) ? {} : (input.schema ?? {});

const results = statements.map(({ name, cypher, params = [] }) => {
  const dbSchema = {
    ...declared,
    procedures,
    functions,
    defaultLanguage: CYPHER_VERSION,
    // Any defined value will do: the linter only checks that each $name is declared.
    parameters: Object.fromEntries(params.map((p) => [p, null])),
  };
  const { diagnostics } = lintCypherQuery(cypher, dbSchema);
  return {
    name,
    errors: diagnostics.map((d) => ({
      message: d.message,
      severity: d.severity,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      deprecated: (d.tags ?? []).includes(2) || /deprecated/i.test(d.message),
    })),
  };
});

process.stdout.write(JSON.stringify(results));
