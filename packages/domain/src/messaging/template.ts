/**
 * Message templates (issue 5 item 6): Handlebars text whose variables come from one closed list
 * ({@link TEMPLATE_VARIABLES}). A template is checked before it is saved: every `{{name}}` must be a
 * known variable, and only `{{#if name}}…{{else}}…{{/if}}` / `{{#unless name}}` blocks are allowed
 * (no helpers, partials, `this`, `@data` or paths), so a template can never read anything but the
 * values the server prepared. Rendering is strict: a missing value is an error, never a blank.
 */
import Handlebars from 'handlebars';

import { TEMPLATE_VARIABLES, type TemplateVariable } from './variables.ts';

export { TEMPLATE_VARIABLES, type TemplateVariable };
export type TemplateValues = Record<TemplateVariable, string>;

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);
const BLOCKS = new Set(['if', 'unless']);

/** Why a template text is refused: the unknown variables it names, or a syntax/construct problem. */
export interface TemplateProblem { variable?: string; reason: string }

type Node = hbs.AST.Node;

function pathName(n: Node): string | null {
  if (n.type !== 'PathExpression') return null;
  const p = n as hbs.AST.PathExpression;
  if (p.data || p.parts.length !== 1 || p.original === 'this' || p.original.includes('.') || p.original.includes('/')) return null;
  return p.parts[0];
}

function walk(nodes: Node[], out: TemplateProblem[]): void {
  for (const n of nodes) {
    switch (n.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        break;
      case 'MustacheStatement': {
        const m = n as hbs.AST.MustacheStatement;
        const name = pathName(m.path);
        if (m.params.length || (m.hash && m.hash.pairs.length)) out.push({ variable: (m.path as hbs.AST.PathExpression).original, reason: 'helpers are not allowed' });
        else if (name === null) out.push({ variable: (m.path as hbs.AST.PathExpression).original ?? '?', reason: 'only plain variable names are allowed' });
        else if (!KNOWN.has(name)) out.push({ variable: name, reason: 'unknown variable' });
        break;
      }
      case 'BlockStatement': {
        const b = n as hbs.AST.BlockStatement;
        const helper = pathName(b.path);
        const param = b.params.length === 1 ? pathName(b.params[0]) : null;
        if (!helper || !BLOCKS.has(helper) || param === null) out.push({ variable: helper ?? '?', reason: 'only {{#if variable}} and {{#unless variable}} blocks are allowed' });
        else if (!KNOWN.has(param)) out.push({ variable: param, reason: 'unknown variable' });
        if (b.program) walk(b.program.body, out);
        if (b.inverse) walk(b.inverse.body, out);
        break;
      }
      default:
        out.push({ reason: `${n.type} is not allowed` });
    }
  }
}

/**
 * Check a template text: [] when it may be saved, else one problem per offending construct (unknown
 * variables named). A syntax error is one problem with the parser's message.
 */
export function validateTemplate(text: string): TemplateProblem[] {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(text);
  } catch (e) {
    return [{ reason: `syntax: ${(e as Error).message.split('\n')[0]}` }];
  }
  const out: TemplateProblem[] = [];
  walk(ast.body, out);
  return out;
}

/** The variables a valid template uses, in first-use order (for the admin page and previews). */
export function templateVariables(text: string): TemplateVariable[] {
  const seen = new Set<TemplateVariable>();
  const visit = (nodes: Node[]) => {
    for (const n of nodes) {
      if (n.type === 'MustacheStatement') {
        const v = pathName((n as hbs.AST.MustacheStatement).path);
        if (v && KNOWN.has(v)) seen.add(v as TemplateVariable);
      } else if (n.type === 'BlockStatement') {
        const b = n as hbs.AST.BlockStatement;
        const v = b.params[0] ? pathName(b.params[0]) : null;
        if (v && KNOWN.has(v)) seen.add(v as TemplateVariable);
        visit(b.program?.body ?? []);
        visit(b.inverse?.body ?? []);
      }
    }
  };
  visit(Handlebars.parse(text).body);
  return [...seen];
}

/**
 * Render a validated template with the prepared values (no HTML escaping: SMS, plain-text mail and
 * PDF text). Throws Error('template is invalid: …') when the text fails {@link validateTemplate}.
 */
export function renderTemplate(text: string, values: TemplateValues): string {
  const problems = validateTemplate(text);
  if (problems.length) throw new Error(`template is invalid: ${problems.map((p) => p.variable ?? p.reason).join(', ')}`);
  const fn = Handlebars.compile(text, { strict: true, knownHelpersOnly: true, noEscape: true, knownHelpers: { if: true, unless: true } });
  return fn({ ...values }, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
}
