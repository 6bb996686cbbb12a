# AI DAWG services; SERVICE picks the entry (backend 3001, vocal-coach 8000, producer 8001) and
# PORT its port:
#   docker build -f deploy/docker/ai-dawg.Dockerfile -t ai-dawg .
#   docker run -e SERVICE=producer -e PORT=8001 -p 8001:8001 ai-dawg
# Stage 1 installs the workspace with pnpm; stage 2 carries only the installed tree, runs as the
# unprivileged `node` user and answers its health check on /health.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile --filter @orch/ai-dawg... --filter test-orchestrator

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production SERVICE=backend PORT=3001 HOST=0.0.0.0
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3001 8000 8001
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["sh", "-c", "exec node --import tsx packages/ai-dawg/src/${SERVICE}/main.ts"]
