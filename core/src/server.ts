import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { credentials, type App } from './app.ts';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: { ...error.extensions, code } });
}

type EnvelopedRoot = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };

/**
 * Puts the app on a port: HTTP (queries, mutations, SSE subscriptions, GraphiQL, /health,
 * /ready) and graphql-ws (the graphql-transport-ws protocol) share one port and path.
 * The only place in the code base that opens sockets.
 */
export async function listen(app: App, port = app.config.port, host = app.config.host): Promise<RunningServer> {
  const server = createServer((req, res) => {
    // The fetch adapter builds a URL from the Host header and the request target, and answers
    // one that does not parse with a 500 and a stack: refuse it here, as the client's error.
    if (!URL.canParse(`http://${req.headers.host || 'localhost'}${req.url ?? '/'}`)) {
      const body = JSON.stringify({ errors: [{ message: 'The Host header or the request target is not valid', extensions: { code: 'BAD_REQUEST' } }] });
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      return res.end(body);
    }
    return app.yoga(req, res);
  });
  // Browsers apply no CORS to WebSockets: a page of another site may open one only from the
  // platform's own origin or CORS_ORIGINS (clients that are not browsers send no Origin).
  const allowedOrigins = new Set([new URL(app.config.publicUrl).origin, ...app.config.corsOrigins]);
  const wss = new WebSocketServer({
    server,
    path: app.yoga.graphqlEndpoint,
    verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }) =>
      origin === undefined || allowedOrigins.has(origin) || origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`,
  });
  const ws = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      // A connection with credentials that do not check out is refused (close code 4403);
      // an anonymous one may run public operations.
      onConnect: async (ctx) => {
        try {
          await app.authenticate(credentials(undefined, ctx.connectionParams));
          return true;
        } catch {
          return false;
        }
      },
      // Errors in one operation (syntax, credentials gone stale) answer that operation with a
      // coded error; they never close the socket and its other operations.
      onSubscribe: async (ctx, _id, params) => {
        try {
          const { schema, execute, subscribe, contextFactory, parse, validate } = app.yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params,
          });
          const args: ExecutionArgs = {
            schema,
            operationName: params.operationName ?? null,
            document: parse(params.query),
            variableValues: params.variables ?? null,
            contextValue: await contextFactory({ connectionParams: ctx.connectionParams }),
            rootValue: { execute, subscribe },
          };
          const errors = validate(args.schema, args.document);
          return errors.length ? errors.map((e: GraphQLError) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) : args;
        } catch (error) {
          if (error instanceof GraphQLError) return [withCode(error, error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'BAD_USER_INPUT')];
          console.error(error);
          return [new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
      },
    },
    wss,
  );
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
    async close() {
      await ws.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
