// A real service process for the autonomous suite. Its behaviour at start comes from the file
// named by MODE_FILE, so a test decides whether the next restart works:
//   ok (default)  answers GET /health 200
//   crash         exits at once (the restart never comes up)
//   die-soon      answers healthy, then exits 150 ms later (a spawn that does not stay up)
//   unhealthy     runs but answers 503
const fs = require('node:fs');
const http = require('node:http');
const modeFile = process.env.MODE_FILE;
const mode = modeFile && fs.existsSync(modeFile) ? fs.readFileSync(modeFile, 'utf8').trim() : 'ok';
if (mode === 'crash') process.exit(1);
const server = http.createServer((request, response) => {
  if (request.url === '/health') {
    const healthy = mode !== 'unhealthy';
    response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: healthy ? 'ok' : 'down', pid: process.pid, name: process.env.NAME }));
    return;
  }
  response.writeHead(404).end();
});
server.listen(Number(process.env.PORT), '127.0.0.1');
if (mode === 'die-soon') setTimeout(() => process.exit(1), 150);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
