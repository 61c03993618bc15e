import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { getOperationAST, GraphQLError, type ExecutionArgs, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { credentials, type App } from './app.ts';
import { shortenMessage } from './http/mask-error.ts';
import { clientAddress } from './http/client-address.ts';
import { securityHeaders } from './http/use-security-headers.ts';
import { Admission, Tally } from './http/admission.ts';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  shortenMessage(error);
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code },
  });
}

/** How long the rest of a request body is read and discarded after an early answer. */
const LINGER_MS = 2000;

/**
 * An answer given before the request body was read (413, a multipart request over its part
 * limits ...) must reach the client: closing a socket that still has unread bytes makes the
 * kernel reset the connection, and a client still sending would lose the answer. So, as web
 * servers do (a "lingering close"), the rest of the body is read and discarded after the answer,
 * for up to LINGER_MS (POST bodies are bounded by their Content-Length), before the socket closes.
 */
function lingerAfterEarlyAnswer(req: IncomingMessage, res: ServerResponse): void {
  // (An answer may also finish before Node has marked a body-less request complete, within the
  // same parse: the checks below are made when the socket is about to close, not now.)
  res.once('prefinish', () => {
    if (req.complete) return;
    req.resume();
    const socket = req.socket as Socket & { destroySoon: () => void };
    const destroySoon = socket.destroySoon;
    // Node ends, then destroys, the socket of a closing answer: end it (the client sees the
    // answer complete), read on until the body is in or LINGER_MS is up, then close.
    socket.destroySoon = function lingering() {
      socket.destroySoon = destroySoon;
      if (req.complete) return destroySoon.call(socket);
      socket.end();
      const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
      socket.once('close', () => clearTimeout(timer));
      req.once('end', () => destroySoon.call(socket));
    };
  });
}

/** An error as a client gets it over a socket: without `extensions.http`. */
function formatted(error: GraphQLError): GraphQLFormattedError {
  const { extensions: _all, ...rest } = error.toJSON();
  const { http: _http, ...extensions } = error.extensions ?? {};
  return { ...rest, ...(Object.keys(extensions).length ? { extensions } : {}) };
}

/** Closes a connection that is one too many (for its account), or floods operations; clients should not retry at once. */
const CLOSE_TOO_MANY = 4029;

/**
 * A token bucket per connection: `perSecond` operations a second, in bursts of as many.
 * 'refused' over the limit; 'flood' when refusals run on (4 × the limit + 20 in a row): answering
 * each of thousands of operations sent in one burst would hold the event loop, so the
 * connection is closed instead.
 */
const buckets = new WeakMap<object, { tokens: number; at: number; refused: number }>();
function operationBudget(connection: object, perSecond: number): 'ok' | 'refused' | 'flood' {
  const now = performance.now();
  const bucket = buckets.get(connection) ?? { tokens: perSecond, at: now, refused: 0 };
  bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
  bucket.at = now;
  buckets.set(connection, bucket);
  if (bucket.tokens < 1) {
    bucket.refused += 1;
    return bucket.refused > 4 * perSecond + 20 ? 'flood' : 'refused';
  }
  bucket.tokens -= 1;
  bucket.refused = 0;
  return 'ok';
}

type EnvelopedRoot = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };

/**
 * Puts the app on a port: HTTP (queries, mutations, SSE subscriptions, GraphiQL, /health,
 * /ready) and graphql-ws (the graphql-transport-ws protocol) share one port and path.
 * The only place in the code base that opens sockets.
 */
export async function listen(app: App, port = app.config.port, host = app.config.host): Promise<RunningServer> {
  const headers = securityHeaders({ hsts: app.config.publicUrl.startsWith('https://') });
  /** An answer the server writes itself, coded and with the security headers as every other. */
  const answer = (status: number, code: string, message: string, extra: Record<string, string> = {}) => {
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    const head = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
      ...extra,
    };
    return { body, head };
  };
  /** Writes an answer on a socket no HTTP response owns (a request Node cannot parse, an upgrade) and closes it. */
  const answerOnSocket = (socket: Duplex, status: number, code: string, message: string, extra: Record<string, string> = {}) => {
    const { body, head } = answer(status, code, message, { ...extra, connection: 'close' });
    socket.once('finish', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(head)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\r\n')}\r\n\r\n${body}`,
    );
  };
  const admission = new Admission(app.config.admission, app.config.trustProxyHops);
  const server = createServer((req, res) => {
    // The fetch adapter builds a URL from the Host header and the request target, and answers
    // one that does not parse with a 500 and a stack: refuse it here, as the client's error.
    // Two Host headers (which Node would quietly reduce to the first) are a smuggling attempt.
    const hosts = req.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'host').length;
    if (hosts > 1 || !URL.canParse(`http://${req.headers.host || 'localhost'}${req.url ?? '/'}`)) {
      const { body, head } = answer(400, 'BAD_REQUEST', 'The Host header or the request target is not valid');
      res.writeHead(400, head);
      return res.end(body);
    }
    lingerAfterEarlyAnswer(req, res);
    const refusal = admission.request(req, res);
    if (refusal) {
      const { body, head } = answer(refusal.status, refusal.code, refusal.message, { 'retry-after': String(refusal.retryAfter) });
      res.writeHead(refusal.status, head);
      return res.end(body);
    }
    return app.yoga(req, res);
  });
  // A request must arrive whole within 2 minutes (its headers within 20 s): a client sending a
  // byte now and then does not hold a connection for Node's default 5 minutes.
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  server.on('connection', (socket: Socket) => {
    if (admission.connection(socket)) return;
    answerOnSocket(socket, 429, 'RATE_LIMITED', 'Too many connections from this address', { 'retry-after': '10' });
  });
  // An Expect header other than 100-continue: Node would answer a bare 417.
  server.on('checkExpectation', (_req, res) => {
    const { body, head } = answer(417, 'BAD_REQUEST', 'Only "Expect: 100-continue" is understood');
    res.writeHead(417, head);
    res.end(body);
  });
  // Node refuses a request it cannot parse (a bad Content-Length, two Host headers, headers
  // over 16 KB ...) with an empty 400; the answer says so with a code, as every other does.
  server.on('clientError', (error: Error & { code?: string }, socket) => {
    // (As Node does: no answer of ours once another answer's headers went out on this socket.)
    if (!socket.writable || (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) return socket.destroy();
    if (error.code === 'HPE_HEADER_OVERFLOW') answerOnSocket(socket, 431, 'BAD_REQUEST', 'The request headers are too large');
    else answerOnSocket(socket, 400, 'BAD_REQUEST', 'The request is not valid HTTP');
  });
  const allowedOrigins = new Set([new URL(app.config.publicUrl).origin, ...app.config.corsOrigins]);
  const limits = app.config.websocket;
  const perAddress = new Tally();
  const perAccount = new Tally();
  const wss = new WebSocketServer({
    noServer: true,
    // A larger message closes the socket (1009) before it is parsed.
    maxPayload: limits.maxMessageBytes,
    // One message per turn of the event loop: thousands sent in one write cannot hold it.
    allowSynchronousEvents: false,
    // Browsers apply no CORS to WebSockets: a page of another site may open one only from the
    // platform's own origin or CORS_ORIGINS (clients that are not browsers send no Origin).
    verifyClient: (
      { origin, req }: { origin?: string; req: IncomingMessage },
      done: (ok: boolean, status?: number, message?: string, headers?: Record<string, string>) => void,
    ) => {
      // (ws writes `message` as the body, after its own Content-Type, which `Content-Type` replaces.)
      const refuse = (status: number, code: string, message: string, extra: Record<string, string> = {}) => {
        const { body, head } = answer(status, code, message, extra);
        const { 'content-type': type, 'content-length': _length, ...rest } = head;
        done(false, status, body, { 'Content-Type': type!, ...rest });
      };
      if (!(
        origin === undefined ||
        allowedOrigins.has(origin) ||
        origin === `http://${req.headers.host}` ||
        origin === `https://${req.headers.host}`
      ))
        return refuse(403, 'CSRF_REFUSED', 'A WebSocket may be opened from the platform’s own pages and CORS_ORIGINS only');
      if (perAddress.get(clientAddress(req, app.config.trustProxyHops)) >= limits.maxConnectionsPerAddress)
        return refuse(429, 'RATE_LIMITED', 'Too many connections from this address', { 'retry-after': '60' });
      done(true);
    },
  });
  // Upgrades are taken on the GraphQL path only; a malformed one (no key, a wrong version ...)
  // gets a coded answer, as every other request does.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = URL.canParse(req.url ?? '', 'http://localhost') ? new URL(req.url ?? '', 'http://localhost').pathname : null;
    if (path !== app.yoga.graphqlEndpoint)
      return answerOnSocket(socket, 404, 'NOT_FOUND', `WebSockets are served on ${app.yoga.graphqlEndpoint} only`);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  wss.on('wsClientError', (error: Error, socket: Duplex) =>
    answerOnSocket(
      socket,
      error.message === 'Invalid HTTP method' ? 405 : 400,
      'BAD_REQUEST',
      `Not a valid WebSocket upgrade: ${error.message}`,
    ),
  );
  wss.on('connection', (socket, req) => {
    const address = clientAddress(req, app.config.trustProxyHops);
    perAddress.add(address, 1);
    socket.once('close', () => perAddress.add(address, -1));
  });
  const ws = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      // A connection with credentials that do not check out is refused (close code 4403);
      // an anonymous one may run public operations.
      onConnect: async (ctx) => {
        let viewer;
        try {
          viewer = await app.authenticate(credentials(undefined, ctx.connectionParams));
        } catch {
          return false;
        }
        if (viewer) {
          if (perAccount.get(viewer.id) >= limits.maxConnectionsPerAccount) {
            ctx.extra.socket.close(CLOSE_TOO_MANY, 'Too many connections for this account');
            return false;
          }
          perAccount.add(viewer.id, 1);
          ctx.extra.socket.once('close', () => perAccount.add(viewer.id, -1));
        }
        return true;
      },
      // Errors in one operation (syntax, credentials gone stale) answer that operation with a
      // coded error; they never close the socket and its other operations.
      onSubscribe: async (ctx, _id, params) => {
        // ctx.subscriptions holds this operation already.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptions) {
          return [
            new GraphQLError(`At most ${limits.maxSubscriptions} operations may run at once on one connection`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ];
        }
        const budget = operationBudget(ctx.extra as object, limits.maxOperationsPerSecond);
        if (budget === 'flood') {
          // What it sent after this is refused one message a turn (allowSynchronousEvents), unanswered.
          ctx.extra.socket.close(CLOSE_TOO_MANY, 'Too many operations');
        }
        if (budget !== 'ok') {
          return [
            new GraphQLError(`At most ${limits.maxOperationsPerSecond} operations a second may start on one connection; try again in 1 s`, {
              extensions: { code: 'RATE_LIMITED', retryAfter: 1 },
            }),
          ];
        }
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
          if (errors.length) return errors.map((e: GraphQLError) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
          // As over HTTP: which operation of the document to run must be clear.
          if (!getOperationAST(args.document, args.operationName))
            return [
              new GraphQLError(
                args.operationName
                  ? `No operation named "${String(args.operationName).slice(0, 100)}"`
                  : 'The document has several operations: name one (operationName)',
                { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
              ),
            ];
          return args;
        } catch (error) {
          if (error instanceof GraphQLError)
            return [withCode(error, error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'BAD_USER_INPUT')];
          console.error(error);
          return [new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
      },
      // `extensions.http` sets an HTTP answer's status and headers; nothing of it goes over a socket.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.some((e) => e.extensions?.http !== undefined) ? { ...result, errors: result.errors.map(formatted) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map(formatted),
    },
    wss,
  );
  // A socket error is a client's protocol violation (a message over maxPayload, a bad frame):
  // ws closes the socket with its code (1009, 1002 ...). graphql-ws would log each with its
  // stack; one line is enough.
  wss.on('connection', (socket, req) => {
    socket.removeAllListeners('error');
    socket.on('error', (error: Error & { code?: string }) =>
      console.warn(`Closed a WebSocket from ${clientAddress(req, app.config.trustProxyHops)}: ${error.code ?? error.message}`),
    );
  });
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
