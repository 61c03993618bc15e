import type { Plugin } from 'graphql-yoga';
import type { LiveSchema } from '../catalog/live-schema.ts';

/**
 * Serves the live schema and swaps it when it changes (a promotion): requests already
 * running finish on the schema they started with, new ones get the new one. Over HTTP, SSE
 * and graphql-ws alike, since all of them are enveloped by Yoga.
 */
export function useLiveSchema(live: LiveSchema): Plugin {
  return {
    onPluginInit({ setSchema }) {
      setSchema(live.current);
      live.onChange((schema) => setSchema(schema));
    },
  };
}
