import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  parse,
  validate,
  type ASTNode,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  specifiedRules,
  NoSchemaIntrospectionCustomRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** How big an operation may be; checked on the document, before anything runs. */
export interface QueryLimits {
  /** Characters of the document (whitespace and comments too): refused before it is parsed. */
  characters: number;
  /** Lexical tokens in the document (the parser stops at the first one over). */
  tokens: number;
  /** Nesting of selections, fragments included. */
  depth: number;
  /** Aliased fields in an operation, fragments counted where they are spread. */
  aliases: number;
  /** Directives in the document. */
  directives: number;
  /** Root fields of one operation (each may be a sign-in, a submission ...). */
  rootFields: number;
  /** Nested list fields of introspection (`types { fields { args } }` is 3). */
  introspectionLists: number;
  /** `__schema` fields in one operation, fragments counted where they are spread. */
  schemaFields: number;
  /** Times one response name may be selected in one selection set (fragments included). */
  repeats: number;
  /** Fragment definitions in the document (graphql-js compares fragments pairwise). */
  fragments: number;
  /** Validation errors reported before validation stops. */
  validationErrors: number;
}

/**
 * Room for every operation our client apps and GraphiQL send (GraphiQL's introspection query
 * is about 330 tokens and 13 deep), and little more: a document at these limits validates in
 * well under a millisecond.
 */
export const defaultQueryLimits: QueryLimits = {
  characters: 32 * 1024,
  tokens: 4000,
  depth: 15,
  aliases: 30,
  directives: 50,
  rootFields: 20,
  introspectionLists: 3,
  schemaFields: 1,
  repeats: 10,
  fragments: 50,
  validationErrors: 10,
};

export type RefusalLog = (message: string) => void;

/** graphql-js' own validation rules (the rest are this module's size and shape limits, and the plugins'). */
const specified = new Set<ValidationRule>(specifiedRules);
const isSpecified = (rule: ValidationRule) => specified.has(rule);
const isLimit = (rule: ValidationRule) => !specified.has(rule);

const introspectionLists = new Set(['types', 'fields', 'args', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues', 'directives']);

/** The code of every refusal for size or shape: the document is too big to run, whatever it asks. */
export const TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

function tooComplex(message: string, node?: ASTNode): GraphQLError {
  return new GraphQLError(message, { ...(node ? { nodes: node } : {}), extensions: { code: TOO_COMPLEX } });
}

function refuse(context: ValidationContext, message: string, node: ASTNode): void {
  context.reportError(tooComplex(message, node));
}

/** An operation may name at most `max` root fields (fragments at the root counted too). */
function rootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const count = countRootFields(context, operation.selectionSet, new Set());
      if (count > max) refuse(context, `An operation may have at most ${max} root fields; this one has ${count}`, operation);
      return false;
    },
  });
}

function countRootFields(context: ValidationContext, set: SelectionSetNode, seen: Set<string>): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(context, selection.selectionSet, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += countRootFields(context, fragment.selectionSet, seen);
    }
  }
  return count;
}

/**
 * A fragment's answer to `measure`, once per fragment (fragments spreading each other twice,
 * thirty deep, would otherwise be walked 2^30 times); a cycle counts nothing here
 * (NoFragmentCyclesRule refuses it).
 */
function fragmentMemo<T>(context: ValidationContext, empty: T, measure: (set: SelectionSetNode) => T): (name: string) => T {
  const memo = new Map<string, T>();
  const onPath = new Set<string>();
  return (name) => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = context.getFragment(name);
    if (!fragment || onPath.has(name)) return empty;
    onPath.add(name);
    const value = measure(fragment.selectionSet);
    onPath.delete(name);
    memo.set(name, value);
    return value;
  };
}

/** A document may define at most `max` fragments: OverlappingFieldsCanBeMergedRule compares fragments spread in one selection set pairwise, chains of them too. */
function fragmentsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const n = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).length;
      if (n > max) refuse(context, `A document may define at most ${max} fragments; this one defines ${n}`, document);
      return false;
    },
  });
}

/** An operation may select `__schema` at most `max` times (each is a whole introspection). */
function schemaFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const count = (set: SelectionSetNode | undefined): number => {
      let n = 0;
      for (const selection of set?.selections ?? []) {
        if (selection.kind === Kind.FIELD) n += selection.name.value === '__schema' ? 1 : count(selection.selectionSet);
        else if (selection.kind === Kind.INLINE_FRAGMENT) n += count(selection.selectionSet);
        else n += inFragment(selection.name.value);
      }
      return n;
    };
    const inFragment = fragmentMemo(context, 0, count);
    return {
      OperationDefinition(operation) {
        const n = count(operation.selectionSet);
        if (n > max) refuse(context, `An operation may select __schema at most ${max} times; this one does ${n} times`, operation);
        return false;
      },
    };
  };
}

/**
 * One response name may be selected at most `max` times in one selection set, through inline
 * and named fragments too: graphql-js compares every pair of fields of a name
 * (OverlappingFieldsCanBeMergedRule), subselections included, which a few kilobytes of
 * `node { … }` repeated make cost tens of milliseconds.
 */
function repeatsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const keys = (set: SelectionSetNode): Map<string, number> => {
      const counts = new Map<string, number>();
      const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) add((selection.alias ?? selection.name).value, 1);
        else if (selection.kind === Kind.INLINE_FRAGMENT) for (const [key, n] of keys(selection.selectionSet)) add(key, n);
        else for (const [key, n] of inFragment(selection.name.value)) add(key, n);
      }
      return counts;
    };
    const inFragment = fragmentMemo(context, new Map<string, number>(), keys);
    let refused = false;
    return {
      SelectionSet(set) {
        if (refused) return false;
        for (const [key, n] of keys(set)) {
          if (n > max) {
            refused = true;
            refuse(context, `A selection set may select "${key.slice(0, 40)}" at most ${max} times; this one does ${n} times`, set);
            return false;
          }
        }
        return undefined;
      },
    };
  };
}

/**
 * Introspection fields have no cost of their own, and lists of them multiply:
 * `types { fields { type { fields { type { fields ...` grows tenfold a level. At most `max`
 * introspection lists may be nested.
 */
function introspectionListsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    // How many introspection lists a selection set nests, below where it is used. A
    // fragment's answer is remembered (fragments spreading each other twice, thirty deep, would
    // otherwise be walked 2^30 times); a cycle counts nothing here (NoFragmentCyclesRule refuses it).
    const memo = new Map<string, number>();
    const onPath = new Set<string>();
    const listsIn = (set: SelectionSetNode | undefined, inIntrospection: boolean): number => {
      let deepest = 0;
      for (const selection of set?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          const inside = inIntrospection || name === '__schema' || name === '__type';
          const own = inside && introspectionLists.has(name) ? 1 : 0;
          deepest = Math.max(deepest, own + listsIn(selection.selectionSet, inside));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, listsIn(selection.selectionSet, inIntrospection));
        } else {
          const key = `${selection.name.value}:${inIntrospection}`;
          if (!memo.has(key)) {
            const fragment = context.getFragment(selection.name.value);
            if (!fragment || onPath.has(key)) continue;
            onPath.add(key);
            memo.set(key, listsIn(fragment.selectionSet, inIntrospection));
            onPath.delete(key);
          }
          deepest = Math.max(deepest, memo.get(key)!);
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        if (listsIn(operation.selectionSet, false) > max) {
          refuse(context, `Introspection may nest at most ${max} lists (such as types { fields { args } })`, operation);
        }
        return false;
      },
    };
  };
}

/**
 * Bounds what one request may cost before it runs: the parser stops at `tokens` (graphql-js'
 * own limit, so a 1 MB document of braces cannot exhaust the stack), and validation refuses
 * documents too deep, with too many aliases, directives or root fields, or introspection that
 * multiplies, using graphql-armor's rules where they exist; these limits are checked in a
 * first validation pass, before graphql-js' own rules. Validation stops after
 * `validationErrors` errors; its suggestions ("Did you mean …?") are hidden when introspection
 * is off (they would reveal the schema; maskError hides those of variable errors). Each refusal
 * is logged once, in one line.
 */
export function useQueryLimits(limits: QueryLimits, { log, introspection }: { log: RefusalLog; introspection: boolean }): Plugin[] {
  const hideSuggestions = !introspection;
  // graphql-armor's rules throw their refusal (a GraphQLError titled "Syntax Error"), which
  // ends validation; the validate function below turns it into an error with our code.
  const armor = { exposeLimits: true, propagateOnRejection: true };
  const plugins: Plugin[] = [
    {
      onParse({ setParseFn }) {
        setParseFn((source, options) => {
          const length = typeof source === 'string' ? source.length : source.body.length;
          if (length > limits.characters) {
            const refusal = tooComplex(`The document has more than ${limits.characters} characters`);
            log(refusal.message);
            throw refusal;
          }
          try {
            return parse(source, { ...options, maxTokens: limits.tokens });
          } catch (error) {
            // Nesting deep enough, within the token limit, exhausts the parser's stack.
            const refusal =
              error instanceof RangeError
                ? tooComplex('The document nests too deeply')
                : error instanceof GraphQLError && /contains more th/.test(error.message)
                  ? tooComplex(`The document has more than ${limits.tokens} tokens`)
                  : null;
            if (!refusal) throw error;
            log(refusal.message);
            throw refusal;
          }
        });
      },
      onValidate({ addValidationRule, setValidationFn }) {
        addValidationRule(rootFieldsRule(limits.rootFields));
        addValidationRule(introspectionListsRule(limits.introspectionLists));
        addValidationRule(schemaFieldsRule(limits.schemaFields));
        addValidationRule(repeatsRule(limits.repeats));
        addValidationRule(fragmentsRule(limits.fragments));
        if (!introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
        setValidationFn((schema, document, rules) => {
          try {
            // The size and shape rules run first, on their own: graphql-js' own rules cost up
            // to quadratic time in a document's fields (OverlappingFieldsCanBeMergedRule compares
            // pairs of fields of a selection set), so a document over the limits is refused
            // before they see it.
            const all: readonly ValidationRule[] = rules ?? specifiedRules;
            const options = { maxErrors: limits.validationErrors, hideSuggestions };
            const refused = validate(schema, document, all.filter(isLimit), options);
            if (refused.length) return refused;
            const errors = validate(schema, document, all.filter(isSpecified), options);
            // graphql-js stops comparing fields past a budget of its own, with a bare message.
            if (errors.some((e) => e.message === 'Validation aborted.'))
              return [tooComplex('The document repeats fields too often to be checked: select each field once')];
            return errors;
          } catch (error) {
            if (error instanceof GraphQLError && error.message.startsWith('Syntax Error: '))
              return [tooComplex(error.message.slice('Syntax Error: '.length), error.nodes?.[0])];
            if (error instanceof RangeError) return [tooComplex('The document nests too deeply')];
            throw error;
          }
        });
        return ({ result }) => {
          const refusals = result.filter((e) => e.extensions.code === TOO_COMPLEX);
          if (refusals.length) log(refusals.map((e) => e.message).join('; '));
        };
      },
    },
    maxDepthPlugin({ ...armor, n: limits.depth, flattenFragments: true, ignoreIntrospection: false }),
    maxAliasesPlugin({ ...armor, n: limits.aliases }),
    maxDirectivesPlugin({ ...armor, n: limits.directives }),
  ];
  return plugins;
}
