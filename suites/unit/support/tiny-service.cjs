// A minimal real service process for recovery tests: answers GET /health on PORT.
// MODE=crash exits at once (a restart that never comes up); MODE=busy also burns CPU.
const http = require('node:http');
if (process.env.MODE === 'crash') process.exit(1);
const server = http.createServer((request, response) => {
  if (request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'ok', pid: process.pid }));
    return;
  }
  response.writeHead(404).end();
});
server.listen(Number(process.env.PORT), '127.0.0.1');
if (process.env.MODE === 'busy') {
  const spin = () => {
    const until = Date.now() + 50;
    while (Date.now() < until) {
      // burn CPU
    }
    setImmediate(spin);
  };
  spin();
}
process.on('SIGTERM', () => server.close(() => process.exit(0)));
