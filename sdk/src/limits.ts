// How much data a manifest may hold. Manifests come from agency packages, which the platform
// does not trust: every string and list has a maximum, and so has the whole manifest, so that
// no manifest can make the server (which keeps the live ones in memory, renders them in the
// catalog and builds GraphQL types from them) spend unbounded memory or time on it. The
// README's "Writing a service plugin" lists them; the schema's messages cite them by name.
// Strings are counted in characters as JavaScript counts them (UTF-16 code units).

export const manifestLimits = {
  /** The whole manifest serialized as JSON, in bytes of UTF-8. */
  manifestBytes: 256 * 1024,
  /** One-line texts: titles, names, labels, form codes, option values. */
  label: 300,
  /** Paragraphs: the summary, each step, method, subject, requirement and legal basis, notes, help texts. */
  paragraph: 3000,
  /** Entries of each list of texts: steps, methods, subjects, requirements, legalBasis. */
  listEntries: 100,
  documents: 100,
  fees: 50,
  /** Downloadable forms. */
  forms: 50,
  /** A form's sections. */
  sections: 30,
  /** Fields of a form, all sections together. */
  fields: 200,
  /** Options of a select or multiselect field. */
  options: 300,
  /** Media types an attachment field accepts. */
  acceptTypes: 20,
  /** A field key, a media type, the `sdk` range and the `version`. */
  identifier: 64,
  /** A field's `pattern` (a regular expression, RE2 syntax). */
  pattern: 500,
  /**
   * The most characters a text value may have: the `maxLength` of a field that gives none, and
   * the highest `maxLength` (and `minLength`) a field may give.
   */
  textValue: 10_000,
  /** A path in the package (`forms[].file`, `hooks`). */
  path: 200,
  /** An official address (`forms[].url`). */
  url: 2000,
  fixtures: 50,
  /** One fixture's `formData`, serialized as JSON, in bytes of UTF-8. */
  fixtureFormDataBytes: 16 * 1024,
  /** The field errors a fixture expects. */
  fixtureErrors: 200,
} as const;

export type ManifestLimits = typeof manifestLimits;
