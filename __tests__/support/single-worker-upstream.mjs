// A single-threaded application server for the real-nginx test: it serves one request at a time (the handler blocks
// the event loop for the service time, so waiting connections sit in the kernel's listen backlog, as with one Unicorn
// or Puma worker) and reports the time it spent in X-Runtime, in seconds, as Rails does, and the time the request
// waited since nginx handed it on (X-Request-Start: t=<seconds>) in X-Queue-Time, in milliseconds.
// Usage: node single-worker-upstream.mjs <service-time-ms>; prints {"port":N} once listening.
import http from 'node:http';

const serviceTimeMs = Number(process.argv[2] ?? 30);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

const server = http.createServer((req, res) => {
  const start = process.hrtime.bigint();
  const handedOn = /^t=(\d+(?:\.\d+)?)$/.exec(String(req.headers['x-request-start'] ?? ''));
  if (handedOn) res.setHeader('X-Queue-Time', Math.max(0, Date.now() - Number(handedOn[1]) * 1000).toFixed(3));
  Atomics.wait(sleeper, 0, 0, serviceTimeMs); // blocks: no other request is read meanwhile
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  res.setHeader('X-Runtime', seconds.toFixed(6));
  res.setHeader('Content-Type', 'text/plain');
  res.end(`served ${req.url} request-id=${req.headers['x-request-id'] ?? ''} start=${req.headers['x-request-start'] ?? ''}\n`);
});
server.keepAliveTimeout = 0;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
