import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfigMap,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import { attachmentFields, type FormField, type ServiceManifest } from '@egov/sdk';

// Typed GraphQL inputs generated from the e-forms of the live services. The generic
// `submitDossier(input: { serviceCode, formData: JSON })` always works; on top of it every
// live level-3/4 service gets `submit<Service>(form: <Service>FormInput!, ...)`, whose input
// type is its form: clients get types, autocompletion and GraphQL validation of the field
// names. Promotion swaps these in and out of the running schema (see `LiveSchema`).

/**
 * `DNG-STP-LLTP-01` → `DngStpLltp01`: the name part of a service's generated types; a code
 * starting with a digit (`1.001193`) gets a `P` first, since GraphQL names cannot.
 */
export function serviceTypeName(code: string): string {
  const name = code
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1).toLowerCase())
    .join('');
  return /^[0-9]/.test(name) ? `P${name}` : name;
}

function fieldType(field: FormField, file: GraphQLInputType): GraphQLInputType {
  const base: GraphQLInputType =
    field.type === 'number'
      ? GraphQLFloat
      : field.type === 'checkbox'
        ? GraphQLBoolean
        : field.type === 'multiselect'
          ? new GraphQLList(new GraphQLNonNull(GraphQLString))
          : field.type === 'attachment'
            ? file
            : GraphQLString;
  return field.required ? new GraphQLNonNull(base) : base;
}

function describe(field: FormField): string {
  const lines = [field.label];
  if (field.help) lines.push(field.help);
  if (field.options) lines.push(`One of: ${field.options.map((o) => `${o.value} (${o.label})`).join(', ')}.`);
  if (field.type === 'date') lines.push('A date, YYYY-MM-DD.');
  if (field.type === 'attachment' && field.accept) lines.push(`Accepted: ${field.accept.join(', ')}.`);
  return lines.join('\n\n');
}

/** The GraphQL names a service adds: its `submit<Service>` mutation and `<Service>FormInput` type (none without an e-form). */
export function generatedNames(manifest: Pick<ServiceManifest, 'code' | 'form'>): string[] {
  if (!manifest.form) return [];
  const name = serviceTypeName(manifest.code);
  return [`submit${name}`, `${name}FormInput`];
}

/** Every type name and root field of a base schema, by lower-case name: what generated names must not touch. */
const coreNamesOf = new WeakMap<GraphQLSchema, Map<string, string>>();

function coreNames(base: GraphQLSchema): Map<string, string> {
  let names = coreNamesOf.get(base);
  if (!names) {
    names = new Map();
    for (const root of [base.getQueryType(), base.getMutationType(), base.getSubscriptionType()]) {
      for (const field of Object.keys(root?.getFields() ?? {})) names.set(field.toLowerCase(), `${root!.name}.${field}`);
    }
    for (const type of Object.keys(base.getTypeMap())) names.set(type.toLowerCase(), `type ${type}`);
    coreNamesOf.set(base, names);
  }
  return names;
}

export interface CoreNameClash {
  /** The name the service would add, e.g. `submitDossier`. */
  generated: string;
  /** What of the core API it touches, e.g. `Mutation.submitDossier` or `type DossierPayload`. */
  core: string;
}

/**
 * The generated names of a service that equal a type name or root field of the base schema,
 * ignoring case (a service code `DOSSIER` would give `submitDossier`): a service can never
 * replace, shadow or be confused with a core API name.
 */
export function coreNameClashes(base: GraphQLSchema, manifest: Pick<ServiceManifest, 'code' | 'form'>): CoreNameClash[] {
  const names = coreNames(base);
  return generatedNames(manifest).flatMap((generated) => {
    const core = names.get(generated.toLowerCase());
    return core ? [{ generated, core }] : [];
  });
}

/** A service whose generated GraphQL name would touch a core one; the schema is not built. */
export class CoreNameClashError extends Error {
  override name = 'CoreNameClashError';
  constructor(
    readonly serviceCode: string,
    readonly clash: CoreNameClash,
  ) {
    super(`${serviceCode} would add ${clash.generated}, which touches the core API's ${clash.core}`);
  }
}

/** The input type of a service's e-form, or null for a service without one (levels 1-2). */
export function formInputType(manifest: ServiceManifest, file: GraphQLInputType): GraphQLInputObjectType | null {
  const form = manifest.form;
  if (!form) return null;
  return new GraphQLInputObjectType({
    name: `${serviceTypeName(manifest.code)}FormInput`,
    description: `${manifest.code} ${manifest.title} (version ${manifest.version}): ${form.title}.`,
    fields: Object.fromEntries(
      form.sections.flatMap((section) =>
        section.fields.map((field) => [field.key, { type: fieldType(field, file), description: describe(field) }]),
      ),
    ),
  });
}

/**
 * The base schema with one typed `submit<Service>` mutation per given service (the live
 * ones). Each delegates to `submitDossier`, so authorization, validation, hooks and
 * idempotency are the same code path.
 */
export function schemaWithServices(base: GraphQLSchema, manifests: readonly ServiceManifest[]): GraphQLSchema {
  const config = base.toConfig();
  const mutation = base.getMutationType();
  const submit = mutation?.getFields().submitDossier;
  const file = base.getType('File');
  if (!mutation || !submit || !file || !('serialize' in file))
    throw new Error('the base schema has no submitDossier mutation or File scalar');
  const payload = submit.type;
  const added: GraphQLNamedType[] = [];
  const fields: GraphQLFieldConfigMap<unknown, unknown> = {};
  const named = new Map<string, string>();
  for (const manifest of [...manifests].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const [core] = coreNameClashes(base, manifest);
    if (core) throw new CoreNameClashError(manifest.code, core);
    const input = formInputType(manifest, file as GraphQLInputType);
    if (!input) continue;
    const clash = named.get(input.name);
    if (clash) throw new Error(`${manifest.code} and ${clash} would both be named ${input.name}`);
    named.set(input.name, manifest.code);
    added.push(input);
    const uploads = new Set(attachmentFields(manifest.form!).map((f) => f.key));
    fields[`submit${serviceTypeName(manifest.code)}`] = {
      type: payload,
      description: `Files a dossier for ${manifest.code} (${manifest.title}), version ${manifest.version}, with typed form fields. Same rules as submitDossier.`,
      // Counted as submitDossier is (RATE_LIMITS submit.*), not as any other mutation.
      extensions: submit.extensions,
      args: {
        form: { type: new GraphQLNonNull(input) },
        onBehalfOf: { type: GraphQLString, description: 'Agents: the applicant’s e-mail, identity number or tax code.' },
        idempotencyKey: { type: GraphQLString, description: 'The same key again returns the same dossier instead of filing twice.' },
      },
      resolve: (root, args: Record<string, unknown>, context, info) => {
        const form = args.form as Record<string, unknown>;
        const formData: Record<string, unknown> = {};
        const attachments: { field: string; file: unknown }[] = [];
        for (const [key, value] of Object.entries(form)) {
          if (uploads.has(key)) {
            if (value !== null && value !== undefined) attachments.push({ field: key, file: value });
          } else formData[key] = value;
        }
        const input = {
          serviceCode: manifest.code,
          formData,
          attachments,
          onBehalfOf: args.onBehalfOf ?? null,
          idempotencyKey: args.idempotencyKey ?? null,
        };
        return submit.resolve!(root, { input }, context, info);
      },
    };
  }
  const mutationConfig = mutation.toConfig();
  // Core fields last, so they win should a clash ever get past the check above (a type of a
  // core type's name cannot replace it: GraphQLSchema refuses two types of one name).
  const newMutation = new GraphQLObjectType({ ...mutationConfig, fields: { ...fields, ...mutationConfig.fields } });
  return new GraphQLSchema({
    ...config,
    mutation: newMutation,
    types: [...config.types.filter((t) => t.name !== mutation.name), newMutation, ...added],
  });
}
