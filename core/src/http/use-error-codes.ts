import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * Variables that do not fit the operation (an unknown enum value, a missing required input
 * field) are refused by GraphQL before any resolver runs, with no code. They are bad input:
 * this gives them BAD_USER_INPUT like every other input error.
 */
export function useErrorCodes(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || !result.errors || result.data !== undefined) return;
          setResult({
            ...result,
            errors: result.errors.map((e) =>
              e.extensions.code
                ? e
                : new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } }),
            ),
          });
        },
      };
    },
  };
}
