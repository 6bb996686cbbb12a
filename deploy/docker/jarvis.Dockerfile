# JARVIS control plane (gateway, health aggregator, autonomy). Build from the repo root:
#   docker build -f deploy/docker/jarvis.Dockerfile -t jarvis .
# Stage 1 installs the workspace with pnpm; stage 2 carries only the installed tree, runs as the
# unprivileged `node` user and answers its health check on /health.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile --filter @orch/jarvis... --filter test-orchestrator

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "packages/jarvis/src/main.ts"]
