# JARVIS control plane (gateway, health aggregator, autonomy). Build from the repo root:
#   docker build -f deploy/docker/jarvis.Dockerfile -t jarvis .
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile --filter @orch/jarvis... --filter test-orchestrator
ENV NODE_ENV=production PORT=4000
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
USER node
CMD ["node", "--import", "tsx", "packages/jarvis/src/main.ts"]
