// What a zod schema accepts, as a tree of the names a form may send, each with its length limit
// or list maximum: what parseForm (form.server.ts, ADR 014) checks a form's names and echoes
// against before Conform or zod see them.
import type { z } from 'zod';

/** The ceiling for a list whose schema declares no maximum (every form's list declares one). */
export const LIST_CEILING = 100;
/** The echo limit of a field whose schema declares no length (e.g. a transformed string). */
const DEFAULT_ECHO_LENGTH = 1000;

export type Shape =
  | { kind: 'leaf'; maxLength: number; schemas?: z.ZodType[] }
  | { kind: 'object'; fields: Map<string, Shape> }
  | { kind: 'list'; max: number; item: Shape; schema: z.ZodType; message?: string };

/** The parts of a zod 4 schema's definition read here and by form-rules.server.ts. */
export type Def = {
  type: string;
  checks?: {
    _zod: { def: { check: string; minimum?: number; maximum?: number; length?: number } };
  }[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  element?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
};

export const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

function maxCheck(def: Def): number | undefined {
  let max: number | undefined;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    const limit =
      c.check === 'max_length' ? c.maximum : c.check === 'length_equals' ? c.length : undefined;
    if (limit !== undefined) max = max === undefined ? limit : Math.min(max, limit);
  }
  return max;
}

function merge(a: Shape, b: Shape): Shape {
  if (a.kind === 'leaf' && b.kind === 'leaf')
    return {
      kind: 'leaf',
      maxLength: Math.max(a.maxLength, b.maxLength),
      schemas: [...(a.schemas ?? []), ...(b.schemas ?? [])],
    };
  if (a.kind === 'object' && b.kind === 'object') {
    const fields = new Map(a.fields);
    for (const [name, shape] of b.fields) {
      const known = fields.get(name);
      fields.set(name, known ? merge(known, shape) : shape);
    }
    return { kind: 'object', fields };
  }
  if (a.kind === 'list' && b.kind === 'list')
    return a.max >= b.max ? { ...a, item: merge(a.item, b.item) } : merge(b, a);
  // a name that is a list in one variant and a scalar in another: none in the app; the list wins
  return a.kind === 'list' ? a : b;
}

const shapes = new WeakMap<object, Shape>();

/** What a schema accepts, as a tree of the names a form may send. */
export function shapeOf(schema: z.ZodType, depth = 0): Shape {
  const cached = shapes.get(schema);
  if (cached) return cached;
  if (depth > 20) return { kind: 'leaf', maxLength: DEFAULT_ECHO_LENGTH };
  const def = defOf(schema);
  const inner = (s: z.ZodType) => shapeOf(s, depth + 1);
  let shape: Shape;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
    case 'success':
      shape = inner(def.innerType!);
      break;
    case 'pipe':
      // a transform's pipe is (input → transform): the input is what the form sends
      if (defOf(def.in!).type === 'transform') shape = inner(def.out!);
      else {
        const [from, to] = [inner(def.in!), inner(def.out!)];
        // a string piped into a stricter one (teamId, email): the stricter length holds
        shape =
          from.kind === 'leaf' && to.kind === 'leaf'
            ? {
                kind: 'leaf',
                maxLength: Math.min(from.maxLength, to.maxLength),
                schemas: [schema],
              }
            : from;
      }
      break;
    case 'lazy':
      shape = inner(def.getter!());
      break;
    case 'object':
      shape = {
        kind: 'object',
        fields: new Map(Object.entries(def.shape ?? {}).map(([k, v]) => [k, inner(v)])),
      };
      break;
    case 'union':
      shape = (def.options ?? []).map(inner).reduce(merge);
      break;
    case 'intersection':
      shape = merge(inner(def.left!), inner(def.right!));
      break;
    case 'array': {
      const declared = maxCheck(def);
      shape = {
        kind: 'list',
        max: declared ?? LIST_CEILING,
        item: inner(def.element!),
        schema,
      };
      break;
    }
    case 'enum':
    case 'literal': {
      const values = [
        ...((schema as unknown as { _zod: { values?: Set<unknown> } })._zod.values ?? []),
      ];
      shape = {
        kind: 'leaf',
        maxLength: Math.max(1, ...values.map((v) => String(v).length)),
      };
      break;
    }
    case 'string':
      shape = { kind: 'leaf', maxLength: maxCheck(def) ?? DEFAULT_ECHO_LENGTH, schemas: [schema] };
      break;
    default:
      shape = { kind: 'leaf', maxLength: DEFAULT_ECHO_LENGTH };
  }
  shapes.set(schema, shape);
  return shape;
}

/** Every text field of a schema with its path and its zod schema; for tests. */
export function textFieldsOf(schema: z.ZodType) {
  const found: { path: string; schema: z.ZodType }[] = [];
  const walk = (shape: Shape, path: string) => {
    if (shape.kind === 'object')
      for (const [k, s] of shape.fields) walk(s, path ? `${path}.${k}` : k);
    else if (shape.kind === 'list') walk(shape.item, `${path}[]`);
    else for (const s of shape.schemas ?? []) found.push({ path, schema: s });
  };
  walk(shapeOf(schema), '');
  return found;
}

/** Every list of a schema with its path (`members`, `milestones`) and maximum; for tests. */
export function listsOf(schema: z.ZodType) {
  const found: { path: string; max: number; declared: boolean }[] = [];
  const walk = (shape: Shape, path: string) => {
    if (shape.kind === 'object')
      for (const [k, s] of shape.fields) walk(s, path ? `${path}.${k}` : k);
    if (shape.kind === 'list') {
      found.push({ path, max: shape.max, declared: maxCheck(defOf(shape.schema)) !== undefined });
      walk(shape.item, `${path}[]`);
    }
  };
  walk(shapeOf(schema), '');
  return found;
}
