import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';

/**
 * Every error a client sees carries a stable `extensions.code`: our ApiErrors pass as they
 * are, Pothos' argument checks (such as a bad pagination combination) become BAD_USER_INPUT,
 * request errors lose the parser details Yoga attaches, and anything unexpected is masked by
 * Yoga as INTERNAL_SERVER_ERROR without details.
 */
export function maskError(
  error: unknown,
  message: string,
  isDev: boolean | undefined,
  { log, hideSuggestions = false }: { log?: (message: string) => void; hideSuggestions?: boolean } = {},
): Error {
  // With introspection off, no "Did you mean …?" either: a variable's misspelt input field or
  // enum value would get one (graphql-tools' executor passes graphql-js' hideSuggestions to only
  // some of its checks), naming what the schema holds.
  if (hideSuggestions && error instanceof GraphQLError) error.message = error.message.replace(SUGGESTION, '');
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  // Given its code in place: an error the mask replaces is logged by Yoga with its stack, and
  // a refused query is the client's mistake, not ours.
  if (original instanceof PothosValidationError && !original.extensions.code) {
    log?.(original.message);
    if (error instanceof GraphQLError) {
      Object.assign(error.extensions, { code: 'BAD_USER_INPUT' });
      return error;
    }
    return new GraphQLError(original.message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  // A cursor a client made up (Pothos decodes `after`/`before` into a Prisma cursor, which
  // Prisma then refuses): the client's mistake, told without the query Prisma prints.
  // (In place, as below: Yoga would log a replaced error with its stack.)
  if (
    error instanceof GraphQLError &&
    original instanceof Error &&
    original.name === 'PrismaClientValidationError' &&
    /\bcursor: \{/.test(original.message)
  ) {
    log?.('a cursor that is not one of ours');
    error.message = 'The after/before cursor is not valid: use one from a page the API returned';
    Object.assign(error.extensions, { code: 'BAD_USER_INPUT' });
    return error;
  }
  // Yoga's request parser attaches the JSON parser's own message; the client gets ours only.
  // (Removed in place: Yoga logs, with its stack, every error the mask replaces.)
  if (error instanceof GraphQLError && error.extensions.originalError !== undefined) {
    delete (error.extensions as Record<string, unknown>).originalError;
    return error;
  }
  return yogaMaskError(error, message, isDev);
}

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** The longest error message a client gets: GraphQL quotes names and values it refuses. */
export const MAX_ERROR_MESSAGE = 500;

/** Cuts a message that quotes a huge name or value (in place: the error is the client's own). */
export function shortenMessage<E extends { message: string }>(error: E): E {
  if (error.message.length > MAX_ERROR_MESSAGE) error.message = `${error.message.slice(0, MAX_ERROR_MESSAGE - 1)}…`;
  return error;
}
