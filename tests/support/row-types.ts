import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Where raw SQL's rows are described by hand (tests/unit/row-types.test.ts says why). */
export interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

export function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.(test|d)\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const DERIVED = /\$inferSelect|\$inferInsert|\bRow<|\bNewRow<|\bunknown\b|\bnever\b/;
const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

const unwrap = (e: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) ? unwrap(e.expression) : e;

/** `x.all(...)`, `x.get(...)`, `x.iterate(...)`: how better-sqlite3 hands back rows. */
function isStatementRead(e: ts.Expression): boolean {
  const call = unwrap(e);
  return (
    ts.isCallExpression(call) &&
    ts.isPropertyAccessExpression(call.expression) &&
    ['all', 'get', 'iterate'].includes(call.expression.name.text)
  );
}

/** The calls a statement read is chained from: `sqlite.prepare(sql).pluck().get()` gives prepare, pluck. */
function chain(e: ts.Expression, declared: Map<string, ts.Expression>): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const seen = new Set<string>();
  for (let x = unwrap(e); ;) {
    if (ts.isCallExpression(x)) {
      calls.push(x);
      x = unwrap(x.expression);
    } else if (ts.isPropertyAccessExpression(x)) x = unwrap(x.expression);
    else if (ts.isConditionalExpression(x)) x = unwrap(x.whenFalse);
    // A statement or query held in a variable: `const byId = sqlite.prepare(...)`, `const from = db.select()...`.
    else if (ts.isIdentifier(x) && declared.has(x.text) && !seen.has(x.text)) {
      seen.add(x.text);
      x = unwrap(declared.get(x.text)!);
    } else return calls;
  }
}
const method = (c: ts.CallExpression) =>
  ts.isPropertyAccessExpression(c.expression) ? c.expression.name.text : '';

/**
 * Reads that are not a second description of a table: a drizzle query (`.from(table)`: its rows are typed by the
 * schema, and a cast can only narrow them), or SQLite's own catalog (sqlite_master, pragma_table_info), which no
 * schema describes.
 */
function describedElsewhere(
  e: ts.Expression,
  source: ts.SourceFile,
  declared: Map<string, ts.Expression>,
): boolean {
  return chain(e, declared).some(
    (c) =>
      method(c) === 'from' ||
      (method(c) === 'prepare' &&
        c.arguments[0] !== undefined &&
        /sqlite_master|pragma_/.test(c.arguments[0].getText(source))),
  );
}

export function findHandWrittenRows(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const declared = new Map<string, ts.Expression>();
  const declarations = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer)
      declared.set(node.name.text, node.initializer);
    ts.forEachChild(node, declarations);
  };
  declarations(source);
  const out: Finding[] = [];
  const note = (node: ts.Node, why: string) =>
    out.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      text: node.getText(source).replace(/\s+/g, ' ').slice(0, 120),
      why,
    });
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const typeText = node.type.getText(source);
      if (
        isStatementRead(node.expression) &&
        !DERIVED.test(typeText) &&
        !describedElsewhere(node.expression, source, declared)
      )
        note(node, 'rows of a raw statement cast to a hand-written type');
      const inner = unwrap(node.expression);
      if (
        ts.isElementAccessExpression(inner) &&
        ts.isNumericLiteral(inner.argumentExpression) &&
        !DERIVED.test(typeText)
      )
        note(node, 'a row read by position');
    }
    if (ts.isInterfaceDeclaration(node) || ts.isTypeLiteralNode(node)) {
      const snake = node.members.filter((m) => m.name && SNAKE.test(m.name.getText(source)));
      if (snake.length) note(node, `a row type with SQL column names (${snake[0]!.name!.getText(source)})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}
