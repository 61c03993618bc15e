import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { shortenMessage } from './mask-error.ts';

/**
 * Messages are cut to MAX_ERROR_MESSAGE characters. Variables that do not fit the operation (an unknown enum value, a missing required input
 * field) are refused by GraphQL before any resolver runs, with no code. They are bad input:
 * this gives them BAD_USER_INPUT like every other input error.
 */
export function useErrorCodes(): Plugin {
  return {
    // Every answer's messages stay short, whatever the document or variables quoted in them.
    onResultProcess({ result }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        if (!isAsyncIterable(one)) for (const error of one.errors ?? []) shortenMessage(error);
      }
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || !result.errors || result.data !== undefined) return;
          setResult({
            ...result,
            errors: result.errors.map((e) =>
              e.extensions.code
                ? e
                : new GraphQLError(e.message, {
                    nodes: e.nodes,
                    source: e.source,
                    positions: e.positions,
                    path: e.path,
                    extensions: { ...e.extensions, code: 'BAD_USER_INPUT' },
                  }),
            ),
          });
        },
      };
    },
  };
}
