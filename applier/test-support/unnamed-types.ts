import { join } from 'node:path';
import { type Node, SyntaxKind } from 'typescript/unstable/ast';
import {
  API,
  type Checker,
  type Project,
  SymbolFlags,
  type Symbol as TsSymbol,
} from 'typescript/unstable/sync';

/** A package type that a public declaration uses but no entry point exports, and who uses it. */
export type UnnamedType = { readonly name: string; readonly usedBy: readonly string[] };

/**
 * The types a user of `packageName` meets in its entry points' declarations (a parameter, an option,
 * a field) but cannot import by name: declared in the package and exported by none of `entries`.
 * Reads the installed `.d.ts` files through the TypeScript project `tsconfig` (which must import
 * every entry), following each public type to the types it names in turn.
 */
export function unnamedTypes(
  tsconfig: string,
  packageName: string,
  entries: readonly string[],
): UnnamedType[] {
  const api = new API({ cwd: join(tsconfig, '..') });
  try {
    const project = api.updateSnapshot({ openProjects: [tsconfig] }).getProjects()[0];
    if (project === undefined) throw new Error(`${tsconfig} opened no TypeScript project`);
    const inPackage = `/node_modules/${packageName}/`;
    const named = publicTypes(project, join(tsconfig, '..', 'node_modules', packageName), entries);
    const usedBy = new Map<string, Set<string>>();
    const queue = [...named.values()];
    const walked = new Set<number>();
    for (let symbol = queue.pop(); symbol !== undefined; symbol = queue.pop()) {
      if (walked.has(symbol.id)) continue;
      walked.add(symbol.id);
      for (const used of typesNamedBy(project, symbol, inPackage)) {
        if (!named.has(used.id)) usedBy.set(used.name, (usedBy.get(used.name) ?? new Set()).add(symbol.name));
        queue.push(used);
      }
    }
    return [...usedBy].map(([name, users]) => ({ name, usedBy: [...users].sort() }));
  } finally {
    api.close();
  }
}

/** Every symbol the entries export, by id, aliases resolved to their declarations. */
function publicTypes(
  project: Project,
  packageDir: string,
  entries: readonly string[],
): Map<number, TsSymbol> {
  const found = new Map<number, TsSymbol>();
  for (const entry of entries) {
    const file = project.program.getSourceFile(join(packageDir, entry));
    const module = file && project.checker.getSymbolAtLocation(file);
    if (module === undefined) throw new Error(`${entry} is not in the TypeScript project`);
    for (const exported of project.checker.getExportsOfModule(module)) {
      const symbol = aliased(project.checker, exported);
      found.set(symbol.id, symbol);
    }
  }
  return found;
}

/** The package's own types that the declarations of `symbol` name (type parameters aside). */
function typesNamedBy(project: Project, symbol: TsSymbol, inPackage: string): TsSymbol[] {
  const names: Node[] = [];
  for (const handle of symbol.declarations) {
    const node = handle.path.includes(inPackage) ? handle.resolve(project) : undefined;
    if (node !== undefined) collectTypeNames(node, names);
  }
  return names.flatMap((name) => {
    const found = project.checker.getSymbolAtLocation(name);
    if (found === undefined) return [];
    const used = aliased(project.checker, found);
    const ours = used.declarations.some((declaration) => declaration.path.includes(inPackage));
    return ours && used.flags & SymbolFlags.Type && !(used.flags & SymbolFlags.TypeParameter) ? [used] : [];
  });
}

/** The name nodes of every type reference under `node`: `Foo`, `a.Foo`, `import('x').Foo`, `typeof foo`. */
function collectTypeNames(node: Node, into: Node[]): void {
  const parts = node as unknown as Record<
    'typeName' | 'expression' | 'exprName' | 'qualifier',
    Node | undefined
  >;
  const name =
    node.kind === SyntaxKind.TypeReference
      ? parts.typeName
      : node.kind === SyntaxKind.ExpressionWithTypeArguments
        ? parts.expression
        : node.kind === SyntaxKind.TypeQuery
          ? parts.exprName
          : node.kind === SyntaxKind.ImportType
            ? parts.qualifier
            : undefined;
  if (name !== undefined) into.push(lastName(name));
  node.forEachChild((child) => {
    collectTypeNames(child, into);
    return undefined;
  });
}

function lastName(name: Node): Node {
  return name.kind === SyntaxKind.QualifiedName ? (name as unknown as { right: Node }).right : name;
}

function aliased(checker: Checker, symbol: TsSymbol): TsSymbol {
  return symbol.flags & SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}
