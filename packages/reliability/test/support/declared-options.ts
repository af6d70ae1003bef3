// The option keys each method of the Video class declares, read from its signature by TypeScript
// (the sources, through the repository's tsconfig paths). The hostile-input catalogue generates
// options from these, so an option added to an operation is exercised without a list to update.
import { join } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..', '..', '..');
/** Options every call takes (CallOptions), generated separately. */
export const CALL_KEYS = ['signal', 'timeout', 'retry'];

/** Method name → the keys of its `options` parameter, call options left out; methods without one are absent. */
export function declaredOptionKeys(): Record<string, string[]> {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const file = join(root, 'packages', 'server-sdk', 'src', 'video.ts');
  const program = ts.createProgram([file], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const video = source?.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'Video');
  if (!video) throw new Error('class Video not found in packages/server-sdk/src/video.ts');
  const keys: Record<string, string[]> = {};
  for (const member of video.members) {
    if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
    if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword || m.kind === ts.SyntaxKind.PrivateKeyword)) continue;
    const options = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === 'options');
    if (!options) continue;
    const type = checker.getNonNullableType(checker.getTypeAtLocation(options));
    // An unresolved import reads as `any`, with no properties: fail rather than generate nothing.
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) throw new Error(`Video.${member.name.text}: its options type did not resolve`);
    keys[member.name.text] = checker
      .getPropertiesOfType(type)
      .map((p) => p.name)
      .filter((name) => !CALL_KEYS.includes(name))
      .sort();
  }
  if (Object.values(keys).flat().length < 50) throw new Error(`only ${Object.values(keys).flat().length} option keys found on Video's methods`);
  return keys;
}
